package httpapi

import (
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/config"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// The attack suite plays the attacker with real HTTP requests (in process,
// httptest) against the real store on a real redis-server, with the
// production trust settings and a clock the test moves on. Addresses are
// never bound: the attacker's 100 networks are either X-Forwarded-For
// values that a trusted proxy (loopback) reports, or peer addresses set on
// the request (RemoteAddr). So what these tests prove is what the server
// does with the addresses it is given, from the proxy logic down; not
// anything about sockets.

// testClock is a clock the attack tests move on; it starts at real time
// (token times must be plausible).
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

const day = 24 * time.Hour

// newTrustAPI is the API with the production trust defaults (3 days old,
// seen on 3 days, 5 contributors) on the shared redis-server, emptied.
func newTrustAPI(t *testing.T, clk *testClock, trusted ...string) *Server {
	t.Helper()
	if err := redisServer.FlushAll(); err != nil {
		t.Fatalf("FLUSHALL: %v", err)
	}
	opts := testOptions()
	opts.Now = clk.Now
	opts.MintPerMinute = 60
	opts.MintPerBlockPerMinute = 120
	opts.TokenTTL = 365 * day
	for _, p := range trusted {
		opts.TrustedProxies = append(opts.TrustedProxies, netip.MustParsePrefix(p))
	}
	opts.Metrics = NewMetrics()
	so := storeOptions(redisServer.URL(), opts.Metrics)
	so.Now, so.ClientMinAge, so.ClientMinDaysSeen = clk.Now, 3*day, 3
	so.DailyObservations, so.DailyReports = 500, 20
	so.DailyBlockWrites = config.DefaultBlockDailyWrites
	st, err := store.Open(so)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	s := New(st, opts)
	t.Cleanup(func() { s.Close(); st.Close() })
	return s
}

// shopper is one client token and the address its requests come from.
type shopper struct {
	tok    string
	ip     string            // peer address
	header map[string]string // X-Forwarded-For, when behind the proxy
}

// newShopper mints from ip; via says the request comes through the
// trusted proxy on loopback, which reports ip in X-Forwarded-For.
func newShopper(t *testing.T, s *Server, ip string, via bool) (shopper, bool) {
	t.Helper()
	sh := shopper{ip: ip}
	if via {
		sh.ip, sh.header = "127.0.0.1", map[string]string{"X-Forwarded-For": ip}
	}
	res := mintRes(t, s, req{ip: sh.ip, header: sh.header})
	if res.Status != http.StatusCreated {
		return sh, false
	}
	sh.tok, _ = res.JSON(t)["token"].(string)
	return sh, true
}

func (sh shopper) price(t *testing.T, s *Server, asin string, price int) response {
	t.Helper()
	return do(t, s, req{method: "POST", path: "/v1/observations", token: sh.tok, ip: sh.ip, header: sh.header, body: observations(observation(asin, price))})
}

func (sh shopper) report(t *testing.T, s *Server, seller string) response {
	t.Helper()
	body := fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["NOT_DELIVERED","COUNTERFEIT"]}`, seller)
	return do(t, s, req{method: "POST", path: "/v1/reports", token: sh.tok, ip: sh.ip, header: sh.header, body: body})
}

func median(t *testing.T, s *Server, asin string) (float64, bool) {
	t.Helper()
	res := readBaseline(t, s, asin)
	if res.Status == http.StatusNotFound {
		return 0, false
	}
	if res.Status != http.StatusOK {
		t.Fatalf("GET baseline %s = %d %s", asin, res.Status, res.Body)
	}
	m, _ := res.JSON(t)["median"].(float64)
	return m, true
}

func reporters(t *testing.T, s *Server, seller string) float64 {
	t.Helper()
	res := readSeller(t, s, seller)
	n, _ := res.JSON(t)["reporters"].(float64)
	return n
}

// strongReporters is where the scorer's community rule starts (3 distinct
// reporters in 90 days → high, DESIGN.md).
const strongReporters = 3

const (
	establishedASIN = "B0ESTABLSH"
	freshASIN       = "B0NOBASELN"
	victimSeller    = "A1HONESTSELLER"
	honestPrice     = 40000
	attackPrice     = 30000 // 25 % low: inside the outlier bound, so only trust stops it
)

// establish gives establishedASIN a baseline from five honest shoppers in
// five /24s, each seen on four days: the state before an attack.
func establish(t *testing.T, s *Server, clk *testClock) []shopper {
	t.Helper()
	var honest []shopper
	for i := range 5 {
		sh, ok := newShopper(t, s, fmt.Sprintf("198.51.%d.10", 100+i), false)
		if !ok {
			t.Fatalf("honest mint #%d refused", i)
		}
		honest = append(honest, sh)
	}
	for d := range 4 {
		for i, sh := range honest {
			if res := sh.price(t, s, establishedASIN, honestPrice+i*200); res.Status != http.StatusOK {
				t.Fatalf("honest price = %d %s", res.Status, res.Body)
			}
		}
		if d < 3 {
			clk.Add(day)
		}
	}
	if m, ok := median(t, s, establishedASIN); !ok || m != honestPrice+400 {
		t.Fatalf("established baseline = %v, %v; want %d", m, ok, honestPrice+400)
	}
	return honest
}

type attack struct {
	name    string
	trusted []string // MIKIWAME_TRUSTED_PROXIES
	via     bool     // through the trusted proxy
	addrs   func(i int) string
	n       int
}

var attacks = []attack{
	{"one IP", nil, false, func(int) string { return "203.0.113.66" }, 100},
	{"one IP behind a trusted proxy", []string{"127.0.0.0/8"}, true, func(int) string { return "203.0.113.66" }, 100},
	{"100 /24s behind a trusted proxy", []string{"127.0.0.0/8"}, true, func(i int) string { return fmt.Sprintf("100.%d.%d.7", 64+i/200, i%200) }, 100},
	{"100 /24s spoofed in X-Forwarded-For, proxy not trusted", nil, true, func(i int) string { return fmt.Sprintf("100.%d.%d.7", 64+i/200, i%200) }, 100},
	{"100 /64s in one /48", nil, false, func(i int) string { return fmt.Sprintf("[2001:db8:66:%x::1]", i) }, 100},
}

// TestAttackWithinADay: none of the attackers can, within a simulated
// day, create a baseline, move one by more than 10 %, or make a seller's
// reports strong evidence.
func TestAttackWithinADay(t *testing.T) {
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			clk := &testClock{t: time.Now()}
			s := newTrustAPI(t, clk, a.trusted...)
			establish(t, s, clk)
			before, _ := median(t, s, establishedASIN)
			clk.Add(day)

			var bots []shopper
			for i := range a.n {
				if sh, ok := newShopper(t, s, a.addrs(i), a.via); ok {
					bots = append(bots, sh)
				}
			}
			// Five rounds over 23 hours: every bot posts both prices and
			// reports the honest seller each round.
			stored := 0
			for round := range 5 {
				for _, b := range bots {
					if res := b.price(t, s, establishedASIN, attackPrice); res.Status == http.StatusOK {
						stored++
					}
					b.price(t, s, freshASIN, 2100)
					b.report(t, s, victimSeller)
				}
				if round < 4 {
					clk.Add(23 * time.Hour / 4)
				}
			}
			after, _ := median(t, s, establishedASIN)
			moved := math.Abs(after-before) / before
			_, created := median(t, s, freshASIN)
			strong := reporters(t, s, victimSeller)
			t.Logf("%s: %d of %d mints, %d prices stored; baseline moved %.1f %%, fresh baseline created %v, reporters %v",
				a.name, len(bots), a.n, stored, 100*moved, created, strong)
			if created {
				t.Errorf("%s created a baseline for %s within a day", a.name, freshASIN)
			}
			if moved > 0.10 {
				t.Errorf("%s moved the baseline by %.1f %% (from %v to %v); want at most 10 %%", a.name, 100*moved, before, after)
			}
			if strong >= strongReporters {
				t.Errorf("%s made %v reporters of %s; want fewer than %d", a.name, strong, victimSeller, strongReporters)
			}
		})
	}
}

// TestAttackAfterWaiting: an attacker who waits the days out from one
// network block still cannot create a baseline or strong reports, while
// honest shoppers in distinct blocks can, once they have waited too.
func TestAttackAfterWaiting(t *testing.T) {
	for _, a := range []attack{attacks[0], attacks[4]} {
		t.Run(a.name, func(t *testing.T) {
			clk := &testClock{t: time.Now()}
			s := newTrustAPI(t, clk, a.trusted...)
			var bots []shopper
			for i := range 20 {
				if sh, ok := newShopper(t, s, a.addrs(i), a.via); ok {
					bots = append(bots, sh)
				}
			}
			var honest []shopper
			for i := range 5 {
				sh, _ := newShopper(t, s, fmt.Sprintf("198.51.%d.10", 100+i), false)
				honest = append(honest, sh)
			}
			for d := range 5 {
				for _, b := range bots {
					b.price(t, s, freshASIN, 2100)
					b.report(t, s, victimSeller)
				}
				if d == 0 {
					// Too early for the honest: not yet counted.
					for _, h := range honest[:3] {
						h.report(t, s, "A1SCAMSELLER00")
					}
				}
				clk.Add(day)
			}
			if _, created := median(t, s, freshASIN); created {
				t.Errorf("%s, aged 5 days, created a baseline", a.name)
			}
			if n := reporters(t, s, victimSeller); n > 1 {
				t.Errorf("%s, aged 5 days, made %v reporters; want at most 1 (one network block)", a.name, n)
			}
			if n := reporters(t, s, "A1SCAMSELLER00"); n != 0 {
				t.Errorf("reports of shoppers one day old count as %v reporters; want 0", n)
			}
			// The honest shoppers write on three days, now old enough.
			for d := range 3 {
				for i, h := range honest {
					h.price(t, s, freshASIN, 39800+i*100)
					if i < 3 {
						h.report(t, s, "A1SCAMSELLER00")
					}
				}
				if d < 2 {
					clk.Add(day)
				}
			}
			// The attacker's one block is one vote among six.
			if m, ok := median(t, s, freshASIN); !ok || m < 39800 || m > 40200 {
				t.Errorf("baseline after five honest shoppers in five blocks waited = %v, %v; want 39800 to 40200", m, ok)
			}
			if n := reporters(t, s, "A1SCAMSELLER00"); n != strongReporters {
				t.Errorf("three honest reporters in three blocks = %v reporters; want %d", n, strongReporters)
			}
		})
	}
}

// TestNetworkBlockBudget: one /24 that mints token after token and writes
// a new product with every observation stops at the block's daily budget
// (observations and reports together), whatever its tokens' own caps
// left; another /24 still writes, and the next day the block may again.
func TestNetworkBlockBudget(t *testing.T) {
	clk := &testClock{t: time.Now()}
	s := newTrustAPI(t, clk)
	budget := config.DefaultBlockDailyWrites
	batch := func(from, n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = observation(fmt.Sprintf("B0%08d", from+i), 1000+i)
		}
		return observations(items...)
	}
	post := func(sh shopper, body string) response {
		return do(t, s, req{method: "POST", path: "/v1/observations", token: sh.tok, ip: sh.ip, body: body})
	}
	var bots []shopper
	stored, next := 0, 0
	var refused response
	// Each token may write 500 a day; twice the budget's worth of tokens.
	for i := range 2 * budget / 500 {
		sh, ok := newShopper(t, s, fmt.Sprintf("203.0.113.%d", 1+i), false)
		if !ok {
			t.Fatalf("mint #%d from the block refused", i)
		}
		bots = append(bots, sh)
		for range 500 / 50 {
			res := post(sh, batch(next, 50))
			next += 50
			if res.Status != http.StatusOK {
				refused = res
				break
			}
			stored += 50
		}
	}
	t.Logf("one /24 with %d tokens: %d observations stored of %d sent; refused with %d %s", len(bots), stored, next, refused.Status, refused.Body)
	if stored != budget {
		t.Errorf("one /24 stored %d observations in a day; want the block budget, %d", stored, budget)
	}
	if refused.Status != http.StatusTooManyRequests || refused.Header.Get("Retry-After") == "" {
		t.Errorf("write over the block budget = %d %s (Retry-After %q); want 429 with Retry-After", refused.Status, refused.Body, refused.Header.Get("Retry-After"))
	}
	if res := bots[0].report(t, s, victimSeller); res.Status != http.StatusTooManyRequests {
		t.Errorf("report from the block over its budget = %d %s; want 429 (reports share the budget)", res.Status, res.Body)
	}
	fresh, _ := newShopper(t, s, "203.0.113.200", false)
	if res := post(fresh, batch(next, 1)); res.Status != http.StatusTooManyRequests {
		t.Errorf("a fresh token in the block over its budget = %d %s; want 429", res.Status, res.Body)
	}

	other, _ := newShopper(t, s, "198.51.100.10", false)
	if res := post(other, batch(next, 50)); res.Status != http.StatusOK {
		t.Errorf("another /24's write = %d %s; want 200", res.Status, res.Body)
	}
	if res := other.report(t, s, victimSeller); res.Status != http.StatusCreated {
		t.Errorf("another /24's report = %d %s; want 201", res.Status, res.Body)
	}

	clk.Add(day)
	if res := post(fresh, batch(next, 50)); res.Status != http.StatusOK {
		t.Errorf("the block's write the next day = %d %s; want 200", res.Status, res.Body)
	}
}
