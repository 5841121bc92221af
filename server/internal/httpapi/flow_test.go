package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/memredis"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// TestFlow walks the whole API the way the extension and an admin use it,
// on a real redis-server and on the embedded in-memory one.
func TestFlow(t *testing.T) {
	t.Run("redis-server", func(t *testing.T) { flow(t, newAPI(t, testOptions())) })
	t.Run("embedded", func(t *testing.T) {
		mem, err := memredis.Start("127.0.0.1:0")
		if err != nil {
			t.Fatalf("memredis.Start: %v", err)
		}
		t.Cleanup(mem.Close)
		flow(t, newAPIOn(t, mem.URL(), testOptions()))
	})
}

func flow(t *testing.T, s *Server) {
	const asin, seller = "B0CHX1W1XY", "A1THAZDOWP300U"
	checkStatus := func(what string, res response, want int) {
		t.Helper()
		if res.Status != want {
			t.Fatalf("%s = %d %s; want %d", what, res.Status, res.Body, want)
		}
	}
	checkStatus("GET /healthz", do(t, s, req{method: "GET", path: "/healthz"}), 200)
	checkStatus("GET /readyz", do(t, s, req{method: "GET", path: "/readyz"}), 200)

	// Five shoppers see the product; one of them twice (an older price and
	// a used offer, which do not count).
	// Each from a network block of its own: one /24 counts once.
	tokens := make([]string, 5)
	ip := func(i int) string { return fmt.Sprintf("198.51.%d.1", i) }
	for i := range tokens {
		tokens[i] = mintFrom(t, s, ip(i))
		body := observations(observation(asin, 39800+i*200))
		if i == 0 {
			body = observations(observation(asin, 1), observation(asin, 39800),
				`{"marketplace":"JP","asin":"B0CHX1W1XY","price":20000,"currency":"JPY","condition":"used","sellerKind":"merchant"}`)
		}
		res := do(t, s, req{method: "POST", path: "/v1/observations", token: tokens[i], ip: ip(i), body: body})
		checkStatus("POST /v1/observations", res, 200)
		if i == 0 {
			if got := fmt.Sprint(res.JSON(t)); got != "map[accepted:1 counted:1 skipped:2]" {
				t.Errorf("POST /v1/observations with a repeat and a used offer = %s; want accepted 1, skipped 2", got)
			}
		}
		if i == 3 {
			checkStatus("GET baseline with 4 contributors", readBaseline(t, s, asin), 404)
		}
	}
	res := readBaseline(t, s, asin)
	checkStatus("GET baseline", res, 200)
	b := res.JSON(t)
	want := map[string]any{"median": 40200.0, "p25": 40000.0, "p75": 40400.0, "n": 5.0, "contributors": 5.0, "currency": "JPY"}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("GET baseline %s = %v; want %v (body %s)", k, b[k], v, res.Body)
		}
	}
	if _, ok := b["updatedAt"].(string); !ok {
		t.Errorf("GET baseline has no updatedAt: %s", res.Body)
	}

	// Reports: the seller is unknown first, absent from its bucket (an
	// answer, not a 404).
	res = do(t, s, req{method: "GET", path: bucketPath(store.SellerBuckets, seller)})
	checkStatus("GET the unknown seller's bucket", res, 200)
	if strings.Contains(string(res.Body), store.BucketHash(store.SellerBuckets, market.JP, seller)) {
		t.Errorf("GET the unknown seller's bucket = %s; want no entry for it", res.Body)
	}
	for i, reasons := range []string{`["NOT_DELIVERED"]`, `["NOT_DELIVERED","PRICE_TOO_LOW"]`} {
		body := fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"asin":%q,"reasons":%s,"note":"届きません"}`, seller, asin, reasons)
		checkStatus("POST /v1/reports", do(t, s, req{method: "POST", path: "/v1/reports", token: tokens[i], ip: ip(i), body: body}), 201)
	}
	res = readSeller(t, s, seller)
	checkStatus("GET seller", res, 200)
	rep := res.JSON(t)
	if rep["reports"] != 2.0 || rep["reporters"] != 2.0 || fmt.Sprint(rep["reasons"]) != "map[NOT_DELIVERED:2 PRICE_TOO_LOW:1]" || rep["firstAt"] == nil {
		t.Errorf("GET seller = %s; want 2 reports, 2 reporters, NOT_DELIVERED 2, PRICE_TOO_LOW 1", res.Body)
	}

	// Admin: list, then dismiss on appeal.
	checkStatus("GET admin reports without token", do(t, s, req{method: "GET", path: "/v1/admin/reports"}), 401)
	res = do(t, s, req{method: "GET", path: "/v1/admin/reports?limit=10", token: testAdmin})
	checkStatus("GET admin reports", res, 200)
	if list, _ := res.JSON(t)["items"].([]any); len(list) != 2 {
		t.Errorf("GET admin reports = %s; want 2 reports", res.Body)
	}
	res = do(t, s, req{method: "DELETE", path: "/v1/admin/sellers/JP/" + seller + "/reports", token: testAdmin})
	checkStatus("DELETE seller reports", res, 200)
	if got := res.JSON(t)["dismissed"]; got != 2.0 {
		t.Errorf("DELETE seller reports dismissed = %v; want 2", got)
	}
	res = readSeller(t, s, seller)
	if got := res.JSON(t)["reports"]; got != 0.0 {
		t.Errorf("GET seller after dismissal reports = %v; want 0", got)
	}
	if res := do(t, s, req{method: "GET", path: "/metrics"}); res.Status != http.StatusNotFound {
		t.Errorf("GET /metrics on the public listener = %d; want 404 (it has a listener of its own)", res.Status)
	}
	metricsText(t, s)
}
