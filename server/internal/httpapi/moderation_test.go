package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/store"
)

// TestModerationUnderFlood: one client floods 10,000 reports on 10,000
// sellers; a real report from another network is still found in the
// seller's view and by walking the cursor, the flood folds into a few
// items, and revoking the flooding client removes its effect.
func TestModerationUnderFlood(t *testing.T) {
	const flood = 10_000
	opts := testOptions()
	opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	opts.WritesPerMinute = 1 << 30
	s := newAPI(t, opts)
	via := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	flooder := mintRes(t, s, req{ip: "127.0.0.1", header: via("203.0.113.9")}).JSON(t)
	ftok, fid := flooder["token"].(string), flooder["clientId"].(string)
	real := mintRes(t, s, req{ip: "127.0.0.1", header: via("198.51.100.4")}).JSON(t)["token"].(string)
	const victim = "A1REALVICTIM0"

	report := func(tok, ip, seller, note string) {
		t.Helper()
		body := fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["NOT_DELIVERED"],"note":%q}`, seller, note)
		if res := do(t, s, req{method: "POST", path: "/v1/reports", token: tok, ip: "127.0.0.1", header: via(ip), body: body}); res.Status != http.StatusCreated {
			t.Fatalf("POST /v1/reports = %d %s", res.Status, res.Body)
		}
	}
	for i := range flood / 2 {
		report(ftok, "203.0.113.9", fmt.Sprintf("A1FLOOD%07d", i), "junk")
	}
	report(real, "198.51.100.4", victim, "paid, nothing came")
	report(ftok, "203.0.113.9", victim, "junk")
	for i := flood / 2; i < flood-1; i++ {
		report(ftok, "203.0.113.9", fmt.Sprintf("A1FLOOD%07d", i), "junk")
	}

	// The seller's own view.
	res := do(t, s, req{method: "GET", path: "/v1/admin/sellers/JP/" + victim, token: testAdmin})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "paid, nothing came") || res.JSON(t)["blocks"] != 2.0 {
		t.Errorf("GET admin seller = %d %s; want the real report and 2 blocks", res.Status, res.Body)
	}
	// The cursor walk: every page, to the end.
	var pages, items, total int
	found := false
	for cursor := ""; ; pages++ {
		res := do(t, s, req{method: "GET", path: "/v1/admin/reports?limit=50&cursor=" + cursor, token: testAdmin})
		if res.Status != http.StatusOK {
			t.Fatalf("GET admin reports = %d %s", res.Status, res.Body)
		}
		var page struct {
			Items []struct {
				Note  string
				Count int
			}
			Next string
		}
		decodeInto(t, res.Body, &page)
		for _, it := range page.Items {
			items++
			total += it.Count
			found = found || it.Note == "paid, nothing came"
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
		if pages > 100 {
			t.Fatalf("more than 100 pages")
		}
	}
	t.Logf("%d reports listed in %d items over %d pages", total, items, pages+1)
	if !found || total != flood+1 {
		t.Errorf("cursor walk found the real report: %v, %d reports; want true, %d", found, total, flood+1)
	}
	// A page reads 2,000 reports: the flood is one item a page, and the
	// real report splits one run in two.
	if want := flood/2000 + 3; items > want {
		t.Errorf("the flood shows as %d items; want it folded into at most %d", items, want)
	}
	// The client's view, then revocation.
	res = do(t, s, req{method: "GET", path: "/v1/admin/clients/" + fid, token: testAdmin})
	if res.Status != http.StatusOK || len(res.JSON(t)["reports"].([]any)) != flood {
		t.Errorf("GET admin client = %d, %d reports; want 200, %d", res.Status, len(res.JSON(t)["reports"].([]any)), flood)
	}
	if n := readSeller(t, s, "A1FLOOD0000007").JSON(t)["reports"]; n != 1.0 {
		t.Fatalf("flooded seller before revocation = %v reports; want 1", n)
	}
	if res := do(t, s, req{method: "DELETE", path: "/v1/admin/clients/" + fid, token: testAdmin}); res.Status != http.StatusOK {
		t.Fatalf("DELETE admin client = %d %s", res.Status, res.Body)
	}
	if n := readSeller(t, s, "A1FLOOD0000007").JSON(t)["reports"]; n != 0.0 {
		t.Errorf("flooded seller after revocation = %v reports; want 0", n)
	}
	if n := readSeller(t, s, victim).JSON(t)["reporters"]; n != 1.0 {
		t.Errorf("victim after revocation = %v reporters; want 1 (the real one)", n)
	}
	if res := do(t, s, req{method: "POST", path: "/v1/reports", token: ftok, ip: "127.0.0.1", header: via("203.0.113.9"), body: `{"marketplace":"JP","sellerId":"A1FLOOD0000001","reasons":["OTHER"]}`}); res.Status != http.StatusForbidden {
		t.Errorf("write of a revoked client = %d %s; want 403", res.Status, res.Body)
	}
}

// TestRevokeRemovesPrices: a revoked client's price leaves the baseline.
func TestRevokeRemovesPrices(t *testing.T) {
	s := newAPI(t, testOptions())
	const asin = "B0REVOKED0"
	var ids []string
	for i := range 5 {
		ip := fmt.Sprintf("198.51.%d.3", i)
		c := mintRes(t, s, req{ip: ip}).JSON(t)
		ids = append(ids, c["clientId"].(string))
		do(t, s, req{method: "POST", path: "/v1/observations", token: c["token"].(string), ip: ip, body: observations(observation(asin, 1000+i))})
	}
	if res := readBaseline(t, s, asin); res.Status != http.StatusOK {
		t.Fatalf("baseline of 5 = %d; want 200", res.Status)
	}
	do(t, s, req{method: "DELETE", path: "/v1/admin/clients/" + ids[0], token: testAdmin})
	if res := readBaseline(t, s, asin); res.Status != http.StatusNotFound {
		t.Errorf("baseline after revoking one of 5 = %d %s; want 404", res.Status, res.Body)
	}
	if res := do(t, s, req{method: "DELETE", path: "/v1/admin/clients/not-a-client", token: testAdmin}); res.Status != http.StatusBadRequest {
		t.Errorf("revoke a malformed id = %d; want 400", res.Status)
	}
}

// TestAdminFailuresLimited: failed admin logins are limited per address
// and logged at warn, without the address or the token.
func TestAdminFailuresLimited(t *testing.T) {
	var logs bytes.Buffer
	opts := testOptions()
	opts.AdminFailuresPerMinute = 3
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s := newAPI(t, opts)
	for i := range 3 {
		if res := do(t, s, req{method: "GET", path: "/v1/admin/reports", token: "guess-" + fmt.Sprint(i), ip: "203.0.113.50"}); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess #%d = %d; want 401", i+1, res.Status)
		}
	}
	res := do(t, s, req{method: "GET", path: "/v1/admin/reports", token: testAdmin, ip: "203.0.113.50"})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("right token after 3 failures = %d; want 429 with Retry-After", res.Status)
	}
	if res := do(t, s, req{method: "GET", path: "/v1/admin/reports", token: testAdmin, ip: "198.51.100.50"}); res.Status != http.StatusOK {
		t.Errorf("right token from another address = %d; want 200", res.Status)
	}
	log := logs.String()
	if strings.Count(log, "level=WARN msg=\"Failed admin authentication\"") != 3 {
		t.Errorf("log has %d failed-authentication warnings; want 3:\n%s", strings.Count(log, "Failed admin authentication"), log)
	}
	if strings.Contains(log, "203.0.113") || strings.Contains(log, "guess-") {
		t.Errorf("log names the address or the guessed token:\n%s", log)
	}
}

// TestStorageFullHTTP: with Redis at maxmemory, writes answer 503 saying
// so and reads go on.
func TestStorageFullHTTP(t *testing.T) {
	s := newAPI(t, testOptions())
	tok := mint(t, s)
	if _, err := redisServer.Do("CONFIG", "SET", "maxmemory", "1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { redisServer.Do("CONFIG", "SET", "maxmemory", "512mb") })
	// The write limiter's own bucket is a write too: it gets the 503.
	res := do(t, s, req{method: "POST", path: "/v1/observations", token: tok, body: observations(observation("B0FULLHTTP", 1000))})
	if res.Status != http.StatusServiceUnavailable || !strings.Contains(string(res.Body), "full") {
		t.Errorf("write on a full Redis = %d %s; want 503 saying full", res.Status, res.Body)
	}
	for _, path := range []string{bucketPath(store.BaselineBuckets, "B0FULLHTTP"), bucketPath(store.SellerBuckets, "A1FULLHTTP00")} {
		if res := do(t, s, req{method: "GET", path: path}); res.Status/100 == 5 {
			t.Errorf("GET %s on a full Redis = %d %s; want an answer", path, res.Status, res.Body)
		}
	}
}

func decodeInto(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// TestFloodFromOneClient: one client posts as fast as it can for a few
// seconds (bounded: the caps bind within the first second; the issue's
// 60 s would show the same plateau) with the production quota. What it
// leaves in Redis stays within its daily quota of observations.
func TestFloodFromOneClient(t *testing.T) {
	const seconds = 3
	opts := testOptions()
	opts.WritesPerMinute = 1 << 30 // the per-minute limit is tested elsewhere: here the daily quota binds
	if err := redisServer.FlushAll(); err != nil {
		t.Fatal(err)
	}
	opts.Metrics = NewMetrics()
	so := storeOptions(redisServer.URL(), opts.Metrics)
	so.DailyObservations = 500
	st, err := store.Open(so)
	if err != nil {
		t.Fatal(err)
	}
	s := New(st, opts)
	t.Cleanup(func() { s.Close(); st.Close() })
	tok := mint(t, s)
	statuses := map[int]int{}
	sent := 0
	for deadline := time.Now().Add(seconds * time.Second); time.Now().Before(deadline); {
		items := make([]string, 50)
		for j := range items {
			items[j] = observation(fmt.Sprintf("B0FL%06d", sent+j), 1000)
		}
		sent += len(items)
		statuses[do(t, s, req{method: "POST", path: "/v1/observations", token: tok, body: observations(items...)}).Status]++
	}
	keys, _ := redisServer.Do("EVAL", "return #redis.call('KEYS', 'mkw:v1:obs:*') + #redis.call('KEYS', 'mkw:v1:obs-pending:*')", "0")
	t.Logf("%d observations sent in %d s: statuses %v; %s products stored", sent, seconds, statuses, keys)
	if keys != "500" || statuses[http.StatusOK] != 10 || statuses[http.StatusTooManyRequests] == 0 {
		t.Errorf("after a flood from one client: %s products stored, statuses %v; want 500 stored (the daily quota), 10 accepted requests, the rest 429", keys, statuses)
	}
}
