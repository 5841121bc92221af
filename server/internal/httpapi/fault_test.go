package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

// Fault-test budgets: what the API promises while Redis is gone.
const (
	faultLength  = 2500 * time.Millisecond // how long Redis stays down
	faultWorkers = 8                       // concurrent clients of the API
	// Each worker rests this long between requests: the load stays a few
	// thousand requests a second, enough to see every failure, without
	// starving Redis of CPU (go test runs packages side by side).
	faultPace       = 2 * time.Millisecond
	maxFailedWriteP = 50 * time.Millisecond  // p99 of a write that fails
	maxRecovery     = 500 * time.Millisecond // Redis back → writes succeed
)

// TestFaultUnderLoad takes Redis away under a steady load of reads and
// writes, once by SIGKILL (restarted on the same port) and once by SIGSTOP
// (SIGCONT later): cached reads keep answering 200, writes fail fast with
// a 503 JSON error, and writes work again soon after Redis returns.
func TestFaultUnderLoad(t *testing.T) {
	tests := []struct {
		name                string
		takeDown, bringBack func(*redistest.Server) error
	}{
		{"killed", func(rs *redistest.Server) error { rs.Stop(); return nil }, (*redistest.Server).Restart},
		{"hung", (*redistest.Server).Pause, (*redistest.Server).Resume},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The data survives the kill (AOF), as it would in production;
			// this test is about availability, not durability.
			rs, err := redistest.Start("--appendonly", "yes", "--appendfsync", "always")
			if err != nil {
				t.Fatalf("redistest.Start: %v", err)
			}
			defer rs.Close()
			opts := testOptions()
			opts.WritesPerMinute, opts.ReadsPerMinute = 1<<30, 1<<30
			opts.CacheFresh = 100 * time.Millisecond // reads go stale and refresh during the fault
			opts.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
			api := newAPIOn(t, rs.URL(), opts)
			srv := httptest.NewServer(api)
			defer srv.Close()
			lg := newFaultLoad(t, srv)

			lg.start()
			defer lg.stop() // on an early Fatalf; stop is idempotent
			time.Sleep(500 * time.Millisecond)
			down := time.Now()
			if err := tt.takeDown(rs); err != nil {
				t.Fatalf("take Redis down: %v", err)
			}
			time.Sleep(faultLength)
			if err := tt.bringBack(rs); err != nil {
				t.Fatalf("bring Redis back: %v", err)
			}
			back := time.Now()
			recovery, ok := lg.waitForWrite(back, 5*time.Second)
			settled := time.Now()
			time.Sleep(500 * time.Millisecond)
			samples := lg.stop()

			if !ok {
				t.Fatalf("no write succeeded within 5s of Redis coming back")
			}
			t.Logf("Redis %s for %s: writes succeeded again %s after it came back", tt.name, faultLength, recovery.Round(time.Millisecond))
			if recovery > maxRecovery {
				t.Errorf("recovery after Redis %s = %s; want ≤ %s", tt.name, recovery.Round(time.Millisecond), maxRecovery)
			}
			checkFaultSamples(t, samples, down, back, settled)
		})
	}
}

// checkFaultSamples judges what the load saw before, during and after
// the fault.
func checkFaultSamples(t *testing.T, samples []faultSample, down, back, settled time.Time) {
	t.Helper()
	var failedWrites, reads []time.Duration
	var before, during, after int
	// One error per kind of problem, with a count and the first example,
	// rather than thousands of lines.
	type problem struct {
		n     int
		first faultSample
	}
	problems := map[string]*problem{}
	var order []string
	note := func(format string, s faultSample) {
		msg := fmt.Sprintf(format, s.kind)
		p := problems[msg]
		if p == nil {
			p = &problem{first: s}
			problems[msg] = p
			order = append(order, msg)
		}
		p.n++
	}
	defer func() {
		for _, msg := range order {
			p := problems[msg]
			t.Errorf("%d× %s (first: %d %s)", p.n, msg, p.first.status, strings.TrimSpace(p.first.body))
		}
	}()
	for _, s := range samples {
		switch {
		case s.end.Before(down):
			before++
			if !s.ok() {
				note("%s before the fault failed; want success", s)
			}
		case s.start.After(settled):
			after++
			if !s.ok() {
				note("%s after recovery failed; want success", s)
			}
		case s.start.After(down) && s.end.Before(back):
			during++
			if s.read {
				reads = append(reads, s.d)
				if s.status != http.StatusOK {
					note("cached %s with Redis down was not 200; want 200 (stale-while-revalidate)", s)
				}
				continue
			}
			if s.ok() {
				continue // in flight as Redis went away
			}
			failedWrites = append(failedWrites, s.d)
			if s.status != http.StatusServiceUnavailable || !s.jsonError {
				note("%s with Redis down was not a 503 with a JSON error", s)
			}
		}
	}
	t.Logf("requests: %d before, %d during, %d after the fault; cached reads p99 %s, failed writes p50 %s p99 %s (%d)",
		before, during, after, percentile(reads, 99), percentile(failedWrites, 50), percentile(failedWrites, 99), len(failedWrites))
	if before == 0 || after == 0 || len(reads) == 0 || len(failedWrites) == 0 {
		t.Fatalf("the load did not cover every phase: %d before, %d reads and %d failed writes during, %d after", before, len(reads), len(failedWrites), after)
	}
	if p := percentile(failedWrites, 99); p > maxFailedWriteP {
		t.Errorf("p99 of failed writes with Redis down = %s; want ≤ %s", p, maxFailedWriteP)
	}
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(i, 1)-1].Round(10 * time.Microsecond)
}

// faultSample is one request of the fault load.
type faultSample struct {
	kind       string
	read       bool
	status     int
	jsonError  bool
	body       string
	start, end time.Time
	d          time.Duration
}

func (s faultSample) ok() bool { return s.status == http.StatusOK || s.status == http.StatusCreated }

// faultLoad is a bounded load of cached reads and writes over real HTTP.
type faultLoad struct {
	t       *testing.T
	srv     *httptest.Server
	client  *http.Client
	tokens  []string
	from    map[string]string // token → the address the proxy reports
	wg      sync.WaitGroup
	mu      sync.Mutex
	quit    chan struct{}
	once    sync.Once
	samples []faultSample
}

// The load reads and writes the same product and seller: a write marks
// the cached entry out of date, and a read of it while Redis is down
// must still get the old value.
const faultASIN, faultSeller = "B0CHX1W1XY", "A1THAZDOWP300U"

// newFaultLoad seeds a baseline and a seller and caches both.
func newFaultLoad(t *testing.T, srv *httptest.Server) *faultLoad {
	tr := &http.Transport{MaxIdleConnsPerHost: faultWorkers * 2}
	t.Cleanup(tr.CloseIdleConnections)
	lg := &faultLoad{t: t, srv: srv, client: &http.Client{Transport: tr, Timeout: 5 * time.Second}, quit: make(chan struct{})}
	lg.from = map[string]string{}
	for i := range 5 {
		// Five shoppers in five network blocks, as the trusted proxy
		// (loopback) says.
		ip := fmt.Sprintf("198.51.%d.1", i)
		lg.from[""] = ip
		res := lg.request("challenge", "POST", "/v1/challenges", "", "{}")
		var ch challengeResponse
		if res.status != http.StatusCreated || json.Unmarshal([]byte(res.body), &ch) != nil {
			t.Fatalf("POST /v1/challenges = %d %s; want 201", res.status, res.body)
		}
		res = lg.request("mint", "POST", "/v1/clients", "", fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, ch.Challenge, token.Solve(ch.Challenge, ch.Difficulty)))
		var c clientResponse
		if res.status != http.StatusCreated || json.Unmarshal([]byte(res.body), &c) != nil {
			t.Fatalf("POST /v1/clients = %d %s; want 201", res.status, res.body)
		}
		lg.tokens = append(lg.tokens, c.Token)
		lg.from[c.Token] = ip
		if res := lg.request("observe", "POST", "/v1/observations", c.Token, observations(observation(faultASIN, 1000+i))); !res.ok() {
			t.Fatalf("POST /v1/observations = %d %s; want 200", res.status, res.body)
		}
	}
	for _, r := range lg.reads() {
		if res := lg.request(r[0], "GET", r[1], "", ""); res.status != http.StatusOK {
			t.Fatalf("GET %s = %d %s; want 200", r[1], res.status, res.body)
		}
	}
	return lg
}

func (lg *faultLoad) reads() [][2]string {
	return [][2]string{{"baseline read", bucketPath(store.BaselineBuckets, faultASIN)}, {"seller read", bucketPath(store.SellerBuckets, faultSeller)}}
}

// write sends one write of client i; n picks observation or report.
func (lg *faultLoad) write(i, n int) faultSample {
	tok := lg.tokens[i%len(lg.tokens)]
	if n%2 == 0 {
		return lg.request("observation write", "POST", "/v1/observations", tok, observations(observation(faultASIN, 1000+n%7)))
	}
	return lg.request("report write", "POST", "/v1/reports", tok, fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["NOT_DELIVERED"]}`, faultSeller))
}

func (lg *faultLoad) request(kind, method, path, tok, body string) faultSample {
	req, _ := http.NewRequest(method, lg.srv.URL+path, bytes.NewReader([]byte(body)))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if ip := lg.from[tok]; ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	s := faultSample{kind: kind, read: method == "GET", start: time.Now()}
	res, err := lg.client.Do(req)
	if err != nil {
		s.end = time.Now()
		s.d, s.body = s.end.Sub(s.start), "transport error: "+err.Error()
		return s
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	s.end = time.Now()
	s.d, s.status, s.body = s.end.Sub(s.start), res.StatusCode, string(b)
	var e errorBody
	s.jsonError = json.Unmarshal(b, &e) == nil && e.Error != ""
	return s
}

// start runs the workers until stop: each goes round a read of the
// baseline, a read of the seller and a write.
func (lg *faultLoad) start() {
	reads := lg.reads()
	for w := range faultWorkers {
		lg.wg.Add(1)
		go func() {
			defer lg.wg.Done()
			var mine []faultSample
			for n := 0; ; n++ {
				select {
				case <-lg.quit:
					lg.mu.Lock()
					lg.samples = append(lg.samples, mine...)
					lg.mu.Unlock()
					return
				default:
				}
				if n%3 == 2 {
					mine = append(mine, lg.write(w, n))
				} else {
					r := reads[n%3]
					mine = append(mine, lg.request(r[0], "GET", r[1], "", ""))
				}
				time.Sleep(faultPace)
			}
		}()
	}
}

// waitForWrite polls with writes of its own every 10 ms until one
// succeeds and returns how long after since that was.
func (lg *faultLoad) waitForWrite(since time.Time, limit time.Duration) (time.Duration, bool) {
	for n := 0; time.Since(since) < limit; n++ {
		if s := lg.write(n, n); s.ok() {
			return s.end.Sub(since), true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, false
}

func (lg *faultLoad) stop() []faultSample {
	lg.once.Do(func() { close(lg.quit) })
	lg.wg.Wait()
	return lg.samples
}
