package store_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/httpapi"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

// TestDurability acknowledges reports through the API on a Redis with
// appendfsync always, kills Redis with SIGKILL, starts it again on the
// same directory and port, and finds every acknowledged report there.
func TestDurability(t *testing.T) {
	const clients, sellers, workers = 40, 5, 8
	rs, err := redistest.Start("--appendonly", "yes", "--appendfsync", "always")
	if err != nil {
		t.Fatalf("redistest.Start: %v", err)
	}
	defer rs.Close()

	api := newDurabilityAPI(t, rs.URL())
	tokens := make([]string, clients)
	// Each client in a network block of its own, as the trusted proxy
	// says: a seller's reports are kept one per block.
	from := func(i int) string { return fmt.Sprintf("198.51.%d.7", i) }
	for i := range tokens {
		status, body := send(t, api, "POST", "/v1/challenges", "", "{}", from(i))
		var ch struct{ Challenge string }
		if status != http.StatusCreated || json.Unmarshal([]byte(body), &ch) != nil {
			t.Fatalf("POST /v1/challenges = %d %s; want 201", status, body)
		}
		mint := fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, ch.Challenge, token.Solve(ch.Challenge, durabilityDifficulty))
		status, body = send(t, api, "POST", "/v1/clients", "", mint, from(i))
		var c struct{ Token string }
		if status != http.StatusCreated || json.Unmarshal([]byte(body), &c) != nil {
			t.Fatalf("POST /v1/clients = %d %s; want 201", status, body)
		}
		tokens[i] = c.Token
	}
	sellerID := func(j int) string { return fmt.Sprintf("A%012dX", j) }

	// Every client reports every seller, eight at a time.
	jobs := make(chan [2]int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range jobs {
				body := fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["NOT_DELIVERED"]}`, sellerID(job[1]))
				status, resp := send(t, api, "POST", "/v1/reports", tokens[job[0]], body, from(job[0]))
				if status/100 != 2 {
					t.Errorf("POST /v1/reports = %d %s; want 2xx", status, resp)
					continue
				}
				mu.Lock()
				acked++
				mu.Unlock()
			}
		}()
	}
	for i := range clients {
		for j := range sellers {
			jobs <- [2]int{i, j}
		}
	}
	close(jobs)
	wg.Wait()
	if acked != clients*sellers {
		t.Fatalf("%d of %d reports acknowledged; want all", acked, clients*sellers)
	}

	rs.Stop() // SIGKILL: no chance to flush anything
	start := time.Now()
	if err := rs.Restart(); err != nil {
		t.Fatalf("Restart on the same directory: %v", err)
	}
	t.Logf("%d acknowledged reports; Redis killed and back with its AOF in %s", acked, time.Since(start).Round(time.Millisecond))

	// A new API: nothing comes from the old one's memory.
	api = newDurabilityAPI(t, rs.URL())
	for j := range sellers {
		path := "/v1/buckets/sellers/" + store.BucketOf(store.SellerBuckets, market.JP, sellerID(j))
		status, body := send(t, api, "GET", path, "", "")
		var bucket struct {
			Entries map[string]struct{ Reports, Reporters int }
		}
		if status != http.StatusOK || json.Unmarshal([]byte(body), &bucket) != nil {
			t.Fatalf("GET %s after the crash = %d %s; want 200", path, status, body)
		}
		rep := bucket.Entries[store.BucketHash(store.SellerBuckets, market.JP, sellerID(j))]
		if rep.Reports != clients || rep.Reporters != clients {
			t.Errorf("GET %s after the crash = %d reports from %d reporters; want %d, %d", path, rep.Reports, rep.Reporters, clients, clients)
		}
	}
	status, body := send(t, api, "GET", "/v1/admin/reports?limit=1000", durabilityAdmin, "")
	var list struct{ Items []struct{ Count int } }
	if status != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
		t.Fatalf("GET /v1/admin/reports after the crash = %d %s; want 200", status, body)
	}
	listed := 0
	for _, it := range list.Items {
		listed += it.Count
	}
	if listed != acked {
		t.Errorf("GET /v1/admin/reports after the crash lists %d reports; want %d", listed, acked)
	}
}

const (
	durabilityAdmin      = "durability-admin-token"
	durabilityDifficulty = 4
)

// newDurabilityAPI serves the API over url on a loopback listener.
func newDurabilityAPI(t *testing.T, url string) string {
	t.Helper()
	metrics := httpapi.NewMetrics()
	st, err := store.Open(store.Options{
		URL: url, Timeout: time.Second,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		OnError: metrics.RedisError, DailyReports: 100,
	})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	api := httpapi.New(st, httpapi.Options{
		Secret: []byte("durability-secret-0123456789"), TokenTTL: time.Hour, AdminToken: durabilityAdmin,
		MintPerMinute: 1000, WritesPerMinute: 1000, ReadsPerMinute: 1000,
		BodyLimit: 64 << 10, CacheFresh: time.Second, Metrics: metrics,
		MintDifficulty: durabilityDifficulty, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	})
	srv := httptest.NewServer(api)
	t.Cleanup(func() { srv.Close(); api.Close(); st.Close() })
	return srv.URL
}

// send makes one request and returns the status and body; from, when
// given, is the client address the trusted proxy (loopback) reports.
func send(t *testing.T, base, method, path, tok, body string, from ...string) (int, string) {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Errorf("NewRequest: %v", err)
		return 0, ""
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if len(from) > 0 {
		req.Header.Set("X-Forwarded-For", from[0])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "transport error: " + err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
