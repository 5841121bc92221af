package httpapi

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// TestRedisOutage stops Redis under a running API: cached reads keep
// answering, everything else gets a quick 503 JSON, and the API recovers
// by itself when Redis is back.
func TestRedisOutage(t *testing.T) {
	rs, err := redistest.Start()
	if err != nil {
		t.Fatalf("redistest.Start: %v", err)
	}
	defer rs.Close()
	opts := testOptions()
	opts.CacheFresh = 0 // every cached read is stale: the refresh path runs
	s := newAPIOn(t, rs.URL(), opts)
	tok := mint(t, s)
	// Two sellers of two buckets: one read before the outage, one not.
	cached, uncached := bucketPath(store.SellerBuckets, "AIF4G7PLKBOZY"), bucketPath(store.SellerBuckets, "AN1VRQENFRJN5")
	if cached == uncached {
		t.Fatalf("both sellers are in %s; want two buckets", cached)
	}
	if res := do(t, s, req{method: "GET", path: cached}); res.Status != http.StatusOK {
		t.Fatalf("GET %s = %d; want 200", cached, res.Status)
	}

	mintBody := solvedMint(t, s, req{}) // challenges need no Redis
	rs.Stop()
	start := time.Now()
	for range 20 {
		if res := do(t, s, req{method: "GET", path: cached}); res.Status != http.StatusOK {
			t.Fatalf("cached GET with Redis down = %d %s; want 200", res.Status, res.Body)
		}
	}
	s.Close() // end the background refreshes: what follows goes to Redis itself
	down := []req{
		{method: "GET", path: uncached},
		{method: "GET", path: "/readyz"},
		{method: "POST", path: "/v1/clients", body: mintBody},
		{method: "POST", path: "/v1/observations", token: tok, body: observations(observation("B0CHX1W1XY", 1000))},
		{method: "POST", path: "/v1/reports", token: tok, body: `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER"]}`},
		{method: "GET", path: "/v1/admin/reports", token: testAdmin},
	}
	for _, r := range down {
		res := do(t, s, r)
		if res.Status != http.StatusServiceUnavailable {
			t.Errorf("%s %s with Redis down = %d %s; want 503", r.method, r.path, res.Status, res.Body)
			continue
		}
		if msg, _ := res.JSON(t)["error"].(string); !strings.Contains(msg, "unavailable") {
			t.Errorf("%s %s with Redis down error = %q; want one saying unavailable", r.method, r.path, msg)
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("requests with Redis down took %s; want quick failures", d)
	}
	metrics := metricsText(t, s)
	if !strings.Contains(metrics, "mikiwame_redis_errors_total ") || strings.Contains(metrics, "mikiwame_redis_errors_total 0\n") {
		t.Errorf("/metrics does not count Redis errors:\n%s", grep(metrics, "redis"))
	}

	if err := rs.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		res := do(t, s, req{method: "GET", path: "/readyz"})
		if res.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz after Redis came back = %d; want 200 within 5s", res.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res := do(t, s, req{method: "POST", path: "/v1/observations", token: tok, body: observations(observation("B0CHX1W1XY", 1000))}); res.Status != http.StatusOK {
		t.Errorf("POST /v1/observations after recovery = %d %s; want 200", res.Status, res.Body)
	}
}

func TestMetrics(t *testing.T) {
	s := newAPI(t, testOptions())
	// The first rate-limit call on a fresh Redis runs into NOSCRIPT, which
	// is not an error worth counting.
	if _, err := redisServer.Do("SCRIPT", "FLUSH"); err != nil {
		t.Fatal(err)
	}
	mint(t, s)
	for range 3 {
		readSeller(t, s, "AIF4G7PLKBOZY")
	}
	do(t, s, req{method: "GET", path: "/no/such/route"})
	metrics := metricsText(t, s)
	for _, want := range []string{
		`mikiwame_http_requests_total{method="GET",route="/v1/buckets/sellers/:prefix",status="200"} 3`,
		`mikiwame_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`mikiwame_cache_lookups_total{cache="seller",result="hit"} 2`,
		`mikiwame_cache_lookups_total{cache="seller",result="miss"} 1`,
		`mikiwame_http_request_duration_seconds_count{method="GET",route="/v1/buckets/sellers/:prefix"} 3`,
		`mikiwame_redis_errors_total 0`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q; got:\n%s", want, grep(metrics, "mikiwame_"))
		}
	}
}

// grep keeps the lines of s that contain sub, for short failure messages.
func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
