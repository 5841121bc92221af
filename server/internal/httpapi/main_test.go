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
	"github.com/mikiwame/mikiwame/server/internal/token"
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
		MintDifficulty: testDifficulty, AdminFailuresPerMinute: 100,
	}
}

// testDifficulty keeps the tests' proof of work to a few dozen hashes.
const testDifficulty = 4

// storeOptions are the tests' store settings: trust at once, so that the
// tests of other things need not wait days (the attack tests do).
func storeOptions(url string, m *Metrics) store.Options {
	return store.Options{
		URL: url, Timeout: 100 * time.Millisecond,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		OnError: m.RedisError, DailyObservations: 1 << 30, DailyReports: 1 << 30, ClientMinDaysSeen: 1,
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
	st, err := store.Open(storeOptions(url, opts.Metrics))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	s := New(st, opts)
	t.Cleanup(func() { s.Close(); st.Close() })
	return s
}

// metricsText is what /metrics shows of s.
func metricsText(t *testing.T, s *Server) string {
	t.Helper()
	w := httptest.NewRecorder()
	s.MetricsHandler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d; want 200", w.Code)
	}
	return w.Body.String()
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

// mintRes asks for a challenge, solves it and mints, as r's address
// (r.ip and r.header); it returns the mint's response.
func mintRes(t *testing.T, s http.Handler, r req) response {
	t.Helper()
	r.method, r.path, r.body = "POST", "/v1/clients", solvedMint(t, s, r)
	return do(t, s, r)
}

// solvedMint is the body of a mint: a challenge got as r's address, solved.
func solvedMint(t *testing.T, s http.Handler, r req) string {
	t.Helper()
	ch := do(t, s, req{method: "POST", path: "/v1/challenges", body: "{}", ip: r.ip, header: r.header})
	if ch.Status != http.StatusCreated {
		t.Fatalf("POST /v1/challenges = %d %s; want 201", ch.Status, ch.Body)
	}
	c := ch.JSON(t)
	challenge, _ := c["challenge"].(string)
	bits, _ := c["difficulty"].(float64)
	return fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, challenge, token.Solve(challenge, int(bits)))
}

// mint returns a new client token.
func mint(t *testing.T, s http.Handler) string { t.Helper(); return mintFrom(t, s, "") }

// mintFrom returns a new client token minted from ip ("" for the default).
func mintFrom(t *testing.T, s http.Handler, ip string) string {
	t.Helper()
	res := mintRes(t, s, req{ip: ip})
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
