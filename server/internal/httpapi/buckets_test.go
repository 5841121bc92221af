package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// bucketPath is the bucket read that covers id, as a client asks for it.
func bucketPath(kind, id string) string {
	return "/v1/buckets/" + kind + "/" + store.BucketOf(kind, market.JP, id)
}

// readEntry reads id on JP as a client does: its bucket, then its own
// entry picked out by hash. The response reads like the exact routes the
// buckets replaced, for the tests of other things: the entry's JSON, a
// 404 for a product without a baseline, zero counts for a seller nobody
// reported; a bucket read that failed is returned as it is.
func readEntry(t *testing.T, s http.Handler, r req, kind, id string) response {
	t.Helper()
	r.method, r.path = "GET", bucketPath(kind, id)
	res := do(t, s, r)
	if res.Status != http.StatusOK {
		return res
	}
	var b struct {
		Scheme, Kind, Prefix string
		Entries              map[string]json.RawMessage
	}
	if err := json.Unmarshal(res.Body, &b); err != nil || b.Scheme != store.BucketScheme || b.Kind != kind || b.Prefix != store.BucketOf(kind, market.JP, id) {
		t.Fatalf("GET %s = %s, %v; want a bucket of scheme %s, kind %s", r.path, res.Body, err, store.BucketScheme, kind)
	}
	e, ok := b.Entries[store.BucketHash(kind, market.JP, id)]
	switch {
	case ok:
		res.Body = e
	case kind == store.SellerBuckets:
		res.Body = []byte(`{"reports":0,"reporters":0,"reasons":{}}`)
	default:
		res.Status, res.Body = http.StatusNotFound, []byte(`{"error":"not in its bucket"}`)
	}
	return res
}

func readBaseline(t *testing.T, s http.Handler, asin string) response {
	t.Helper()
	return readEntry(t, s, req{}, store.BaselineBuckets, asin)
}

func readSeller(t *testing.T, s http.Handler, id string) response {
	t.Helper()
	return readEntry(t, s, req{}, store.SellerBuckets, id)
}

// sameBucketASINs returns n ASINs of one baseline bucket.
func sameBucketASINs(n int) []string {
	var out []string
	for i := 0; len(out) < n; i++ {
		a := fmt.Sprintf("B0HTTP%04d", i)
		if len(out) == 0 || store.BucketOf(store.BaselineBuckets, market.JP, a) == store.BucketOf(store.BaselineBuckets, market.JP, out[0]) {
			out = append(out, a)
		}
	}
	return out
}

// TestBucketRead: the bucket holds every product of its prefix that has a
// baseline, keyed by hash only; it is the same for everyone, compressed
// on request, and revalidates with its tag.
func TestBucketRead(t *testing.T) {
	s := newAPI(t, testOptions())
	asins := sameBucketASINs(3)
	for i := range 5 {
		ip := fmt.Sprintf("198.51.%d.7", i)
		tok := mintFrom(t, s, ip)
		var items []string
		for j, a := range asins[:2] {
			items = append(items, observation(a, 1000*(j+1)+i))
		}
		if res := do(t, s, req{method: "POST", path: "/v1/observations", token: tok, ip: ip, body: observations(items...)}); res.Status != http.StatusOK {
			t.Fatalf("POST /v1/observations = %d %s", res.Status, res.Body)
		}
	}
	path := bucketPath(store.BaselineBuckets, asins[0])
	res := do(t, s, req{method: "GET", path: path})
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s = %d %s; want 200", path, res.Status, res.Body)
	}
	for _, a := range asins {
		if bytes.Contains(res.Body, []byte(a)) {
			t.Errorf("GET %s names %s in the clear: %s", path, a, res.Body)
		}
	}
	var b struct {
		Entries map[string]market.Baseline
	}
	if err := json.Unmarshal(res.Body, &b); err != nil || len(b.Entries) != 2 {
		t.Fatalf("GET %s = %s, %v; want 2 entries (the third product has no baseline)", path, res.Body, err)
	}
	for j, a := range asins[:2] {
		if got := b.Entries[store.BucketHash(store.BaselineBuckets, market.JP, a)]; got.Median != int64(1000*(j+1)+2) {
			t.Errorf("entry of %s = %+v; want median %d", a, got, 1000*(j+1)+2)
		}
	}
	h := res.Header
	for k, want := range map[string]string{"Cache-Control": "public, max-age=30", "Vary": "Accept-Encoding", "Content-Type": "application/json"} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %s = %q; want %q", path, k, got, want)
		}
	}
	if h.Get("Set-Cookie") != "" || h.Get("Content-Encoding") != "" || h.Get("Etag") == "" {
		t.Errorf("%s: Set-Cookie %q, Content-Encoding %q, ETag %q; want no cookie, identity, a tag", path, h.Get("Set-Cookie"), h.Get("Content-Encoding"), h.Get("Etag"))
	}
	// Another shopper, elsewhere, gets the very same bytes.
	if other := do(t, s, req{method: "GET", path: path, ip: "203.0.113.9"}); !bytes.Equal(other.Body, res.Body) || other.Header.Get("Etag") != h.Get("Etag") {
		t.Errorf("a second shopper's answer differs: %s vs %s", other.Body, res.Body)
	}

	gz := do(t, s, req{method: "GET", path: path, header: map[string]string{"Accept-Encoding": "br;q=1.0, gzip;q=0.8"}})
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("Etag") == h.Get("Etag") || len(gz.Body) >= len(res.Body) {
		t.Fatalf("gzip: Content-Encoding %q, ETag %q (identity %q), %d bytes (identity %d); want gzip, its own tag, fewer bytes",
			gz.Header.Get("Content-Encoding"), gz.Header.Get("Etag"), h.Get("Etag"), len(gz.Body), len(res.Body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz.Body))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(zr); err != nil || !bytes.Equal(plain, res.Body) {
		t.Errorf("gunzipped answer = %q, %v; want the identity answer", plain, err)
	}
	if no := do(t, s, req{method: "GET", path: path, header: map[string]string{"Accept-Encoding": "gzip;q=0, identity"}}); no.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 answered with Content-Encoding %q; want identity", no.Header.Get("Content-Encoding"))
	}

	for _, tag := range []string{h.Get("Etag"), gz.Header.Get("Etag"), "W/" + h.Get("Etag"), `"other", ` + h.Get("Etag")} {
		nm := do(t, s, req{method: "GET", path: path, header: map[string]string{"If-None-Match": tag}})
		if nm.Status != http.StatusNotModified || len(nm.Body) != 0 || nm.Header.Get("Etag") == "" || nm.Header.Get("Cache-Control") == "" {
			t.Errorf("If-None-Match %s = %d, %d bytes, ETag %q; want 304, no body, the tag and Cache-Control", tag, nm.Status, len(nm.Body), nm.Header.Get("Etag"))
		}
	}
	if nm := do(t, s, req{method: "GET", path: path, header: map[string]string{"If-None-Match": `"stale"`}}); nm.Status != http.StatusOK {
		t.Errorf("If-None-Match of another tag = %d; want 200", nm.Status)
	}

	// A sixth shopper moves the baseline: this server's bucket changes at
	// once, and so does its tag.
	ip := "198.51.9.7"
	tok := mintFrom(t, s, ip)
	do(t, s, req{method: "POST", path: "/v1/observations", token: tok, ip: ip, body: observations(observation(asins[0], 1010))})
	after := do(t, s, req{method: "GET", path: path})
	if after.Header.Get("Etag") == h.Get("Etag") || bytes.Equal(after.Body, res.Body) {
		t.Errorf("bucket after a counted write is unchanged: %s", after.Body)
	}

	// An empty bucket is an answer, not a 404.
	empty := "000"
	if empty == store.BucketOf(store.BaselineBuckets, market.JP, asins[0]) {
		empty = "001"
	}
	if e := do(t, s, req{method: "GET", path: "/v1/buckets/baselines/" + empty}); e.Status != http.StatusOK || !strings.Contains(string(e.Body), `"entries":{}`) {
		t.Errorf("GET an empty bucket = %d %s; want 200 with no entries", e.Status, e.Body)
	}
}

func TestSellerBucketRead(t *testing.T) {
	s := newAPI(t, testOptions())
	const seller = "AIF4G7PLKBOZY"
	for i := range 3 {
		ip := fmt.Sprintf("198.51.%d.8", i)
		tok := mintFrom(t, s, ip)
		body := fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["NOT_DELIVERED"]}`, seller)
		if res := do(t, s, req{method: "POST", path: "/v1/reports", token: tok, ip: ip, body: body}); res.Status != http.StatusCreated {
			t.Fatalf("POST /v1/reports = %d %s", res.Status, res.Body)
		}
	}
	res := do(t, s, req{method: "GET", path: bucketPath(store.SellerBuckets, seller)})
	if bytes.Contains(res.Body, []byte(seller)) {
		t.Errorf("the seller bucket names the seller in the clear: %s", res.Body)
	}
	if rep := readSeller(t, s, seller).JSON(t); rep["reporters"] != 3.0 {
		t.Errorf("seller picked from its bucket = %v; want 3 reporters", rep)
	}
	if res := do(t, s, req{method: "DELETE", path: "/v1/admin/sellers/JP/" + seller + "/reports", token: testAdmin}); res.Status != http.StatusOK {
		t.Fatalf("dismiss = %d %s", res.Status, res.Body)
	}
	if rep := readSeller(t, s, seller).JSON(t); rep["reporters"] != 0.0 {
		t.Errorf("seller after dismissal = %v; want gone from its bucket", rep)
	}
}

// TestExactReadsGone: a product or seller cannot be asked for by name.
func TestExactReadsGone(t *testing.T) {
	s := newAPI(t, testOptions())
	for _, path := range []string{"/v1/baselines/JP/B0CHX1W1XY", "/v1/sellers/JP/AIF4G7PLKBOZY"} {
		if res := do(t, s, req{method: "GET", path: path}); res.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d %s; want 404 (no such route)", path, res.Status, res.Body)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip;q=0.5": true, "gzip;q=0": false, "gzip; q=0.0": false,
		"*": true, "br": false, "identity": false, "x-gzip": false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v; want %v", h, got, want)
		}
	}
}
