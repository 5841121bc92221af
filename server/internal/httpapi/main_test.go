package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

var redisServer *redistest.Server

func TestMain(m *testing.M) {
	redistest.Main(m, func(s *redistest.Server) { redisServer = s })
}

var testSecret = []byte("test-secret-0123456789")

const testAdmin = "admin-token-0123456789"

func testOptions() Options {
	return Options{
		Secret: testSecret, TokenTTL: 24 * time.Hour, AdminToken: testAdmin,
		MintPerMinute: 60, WritesPerMinute: 1000, ReadsPerMinute: 1000,
		BodyLimit: 64 << 10, CacheFresh: 30 * time.Second,
	}
}

// newAPI returns an API over the shared redis-server, emptied first.
func newAPI(t testing.TB, opts Options) *Server {
	t.Helper()
	if err := redisServer.FlushAll(); err != nil {
		t.Fatalf("FLUSHALL: %v", err)
	}
	return newAPIOn(t, redisServer.URL(), opts)
}

func newAPIOn(t testing.TB, url string, opts Options) *Server {
	t.Helper()
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	st, err := store.Open(store.Options{
		URL: url, Timeout: 100 * time.Millisecond,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		OnError: opts.Metrics.RedisError,
	})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	s := New(st, opts)
	t.Cleanup(func() { s.Close(); st.Close() })
	return s
}

// response is what a test request got back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object.
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// req describes a test request.
type req struct {
	method, path string
	body         string
	token        string // bearer
	ip           string // client address, 192.0.2.1 unless set
	contentType  string // application/json unless set and there is a body
	header       map[string]string
}

func do(t *testing.T, s http.Handler, r req) response {
	t.Helper()
	var body *bytes.Reader
	if r.body != "" {
		body = bytes.NewReader([]byte(r.body))
	} else {
		body = bytes.NewReader(nil)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	hr.RemoteAddr = "192.0.2.1:1234"
	if r.ip != "" {
		hr.RemoteAddr = r.ip + ":1234"
	}
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, hr)
	return response{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// mint returns a new client token.
func mint(t *testing.T, s http.Handler) string {
	t.Helper()
	res := do(t, s, req{method: "POST", path: "/v1/clients"})
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /v1/clients = %d %s; want 201", res.Status, res.Body)
	}
	tok, _ := res.JSON(t)["token"].(string)
	if tok == "" {
		t.Fatalf("POST /v1/clients body %s has no token", res.Body)
	}
	return tok
}

func observation(asin string, price int) string {
	return fmt.Sprintf(`{"marketplace":"JP","asin":%q,"price":%d,"currency":"JPY","condition":"new","sellerKind":"fba"}`, asin, price)
}

func observations(items ...string) string {
	return `{"observations":[` + strings.Join(items, ",") + `]}`
}
