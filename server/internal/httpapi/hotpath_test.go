package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/server/internal/store"
)

// redisCommands is how many commands redis-server has processed since the
// last CONFIG RESETSTAT.
func redisCommands(t testing.TB) int {
	t.Helper()
	info, err := redisServer.Do("INFO", "stats")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "total_commands_processed:"); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("INFO stats has no total_commands_processed:\n%s", info)
	return 0
}

// TestCacheHitsSkipRedis checks the promise of the hot read path: a cache
// hit costs Redis nothing, not even a rate-limit call.
func TestCacheHitsSkipRedis(t *testing.T) {
	s := newAPI(t, testOptions())
	paths := []string{bucketPath(store.SellerBuckets, "AIF4G7PLKBOZY"), bucketPath(store.BaselineBuckets, "B0CHX1W1XY")}
	for _, p := range paths {
		do(t, s, req{method: "GET", path: p}) // warm
	}
	if _, err := redisServer.Do("CONFIG", "RESETSTAT"); err != nil {
		t.Fatal(err)
	}
	before := redisCommands(t)
	for range 100 {
		for _, p := range paths {
			if res := do(t, s, req{method: "GET", path: p}); res.Status != http.StatusOK && res.Status != http.StatusNotFound {
				t.Fatalf("GET %s = %d %s", p, res.Status, res.Body)
			}
		}
	}
	if n := redisCommands(t) - before; n != 1 { // the INFO that counts them
		t.Errorf("200 cached reads cost %d Redis commands; want 0", n-1)
	}
}

func BenchmarkCachedSeller(b *testing.B) {
	s := newAPI(b, testOptions())
	r := httptest.NewRequest("GET", bucketPath(store.SellerBuckets, "AIF4G7PLKBOZY"), nil)
	r.RemoteAddr = "192.0.2.1:1234"
	s.ServeHTTP(httptest.NewRecorder(), r)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("GET = %d", w.Code)
		}
	}
}
