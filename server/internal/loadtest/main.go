// Command loadtest measures the Mikiwame API under load on this machine:
// it starts a redis-server, the real server binary and a bare Echo server
// as a yardstick, drives each with a closed-loop HTTP/1.1 load over
// loopback for a fixed time, and prints requests per second, p50 and p99
// for every scenario next to the yardstick's, in one run. It also prints
// how much Redis memory a product with 100 observations takes.
//
// On a machine with two or more CPUs the server side (API and Redis) runs
// on CPU 0 and the load generator on CPU 1, each with GOMAXPROCS=1, so
// the two do not steal each other's core and the ratios are fair.
//
//	go run ./server/internal/loadtest [-duration 3s] [-conns 64]
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/httpapi"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

func main() {
	// The benchmark starts itself again as the bare Echo yardstick.
	if len(os.Args) == 4 && os.Args[1] == "-bare" {
		if err := serveBare(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "bare:", err)
			os.Exit(1)
		}
		return
	}
	if err := bench(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// settings are the knobs of one run.
type settings struct {
	duration, warmup time.Duration
	conns, runs      int
	products         int // seeded products: how full the buckets are
	pin              bool
	verbose          bool // print every run
}

func bench(args []string) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	var s settings
	fs.DurationVar(&s.duration, "duration", 3*time.Second, "measured time per scenario")
	fs.DurationVar(&s.warmup, "warmup", 500*time.Millisecond, "unmeasured time before each scenario")
	fs.IntVar(&s.conns, "conns", 64, "concurrent connections")
	fs.IntVar(&s.runs, "runs", 3, "runs of every scenario, interleaved; the median by requests per second is shown")
	fs.IntVar(&s.products, "products", 150000, "products seeded with a baseline: how full the buckets are (4,096 per scheme)")
	fs.BoolVar(&s.verbose, "v", false, "print every run, not only the medians")
	fs.BoolVar(&s.pin, "pin", runtime.NumCPU() >= 2, "pin the server side to CPU 0 and the generator to CPU 1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if s.duration <= 0 || s.duration > time.Minute || s.conns < 1 || s.conns > 1024 || s.runs < 1 || s.runs > 9 {
		return fmt.Errorf("want -duration in (0, 1m], -conns 1..1024, -runs 1..9")
	}

	if _, err := exec.LookPath("taskset"); s.pin && err != nil {
		fmt.Println("taskset not found (util-linux): running without pinning, the ratios are less fair")
		s.pin = false
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mikiwame-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	serverBin := filepath.Join(tmp, "mikiwame-server")
	build := exec.Command("go", "build", "-o", serverBin, "./server")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build the server: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	rs, err := redistest.Start()
	if err != nil {
		return err
	}
	defer rs.Close()
	info, err := rs.Do("INFO", "server")
	if err != nil {
		return fmt.Errorf("redis INFO: %w", err)
	}
	rpid, err := redisPID(info)
	if err != nil {
		return err
	}
	serverCPU, genCPU := -1, -1
	childEnv := []string{}
	if s.pin {
		serverCPU, genCPU = 0, 1
		childEnv = append(childEnv, "GOMAXPROCS=1")
		if err := pin(rpid, serverCPU); err != nil {
			return err
		}
	}

	apiAddr, bareAddr, err := twoAddrs()
	if err != nil {
		return err
	}
	api, err := startProcess("API server", serverCPU, append(childEnv,
		"REDIS_URL="+rs.URL(), "MIKIWAME_ADDR="+apiAddr, "MIKIWAME_HMAC_SECRET=loadtest-secret-0123456789",
		"MIKIWAME_LOG_LEVEL=warn", "MIKIWAME_MINT_PER_MINUTE=1000000",
		// Limits high enough never to refuse the load, but still checked:
		// every write pays its redis_rate round trip as in production.
		"MIKIWAME_WRITES_PER_MINUTE=1000000000", "MIKIWAME_READS_PER_MINUTE=1000000000",
		"MIKIWAME_MINT_PER_BLOCK_PER_MINUTE=1000000", "MIKIWAME_MINT_DIFFICULTY="+strconv.Itoa(benchDifficulty),
		"MIKIWAME_CLIENT_DAILY_OBSERVATIONS=1000000", "MIKIWAME_CLIENT_DAILY_REPORTS=10000",
		"MIKIWAME_BLOCK_DAILY_WRITES=1000000000",
		"MIKIWAME_METRICS_ADDR=127.0.0.1:0",
	), apiAddr, serverBin)
	if err != nil {
		return err
	}
	defer api.stop()
	st, err := store.Open(store.Options{URL: rs.URL(), Timeout: 5 * time.Second, BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		DailyObservations: 1 << 30, MaxEntriesPerKey: maxEntries})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := seed(st, hotASIN, hotProducts); err != nil {
		return err
	}
	if err := seed(st, missASIN, s.products); err != nil {
		return err
	}
	seeded := time.Since(start)
	// The hot buckets, as the API answers them gzipped: the bare Echo
	// yardstick serves the same bytes.
	bucketDir := filepath.Join(tmp, "buckets")
	if err := os.Mkdir(bucketDir, 0o755); err != nil {
		return err
	}
	var hotBuckets []string
	bucketBytes := 0
	for i := range hotProducts {
		p := store.BucketOf(store.BaselineBuckets, market.JP, hotASIN(i))
		if slices.Contains(hotBuckets, p) {
			continue
		}
		status, body, err := fetch(apiAddr, bucketGet("/v1/buckets/baselines/"+p))
		if err != nil || status != 200 {
			return fmt.Errorf("read bucket %s: %d %v", p, status, err)
		}
		if err := os.WriteFile(filepath.Join(bucketDir, p), body, 0o644); err != nil {
			return err
		}
		hotBuckets = append(hotBuckets, p)
		bucketBytes += len(body)
	}
	bareSrv, err := startProcess("bare Echo", serverCPU, childEnv, bareAddr, self, "-bare", bareAddr, bucketDir)
	if err != nil {
		return err
	}
	defer bareSrv.stop()
	tokens, err := mintTokens(apiAddr, s.conns)
	if err != nil {
		return err
	}
	if s.pin {
		if err := pin(os.Getpid(), genCPU); err != nil {
			return err
		}
		runtime.GOMAXPROCS(1)
	}

	printMachine(s, seeded)
	apiMeter := cpuMeter{api.cmd.Process.Pid, rpid}
	bareMeter := cpuMeter{bareSrv.cmd.Process.Pid}
	var hotReqs, bareBucketReqs [][]byte
	for _, p := range hotBuckets {
		hotReqs = append(hotReqs, bucketGet("/v1/buckets/baselines/"+p))
		bareBucketReqs = append(bareBucketReqs, bucketGet("/bare/buckets/"+p))
	}
	scenarios := []scenario{
		{name: "bare Echo JSON (yardstick)", addr: bareAddr, meter: bareMeter,
			req: func(int, int) []byte { return bareReq }, ok: is(200)},
		{name: "bare Echo, bucket bytes (yardstick)", addr: bareAddr, meter: bareMeter, vs: bareBucketScenario,
			req: func(c, n int) []byte { return bareBucketReqs[(c+n)%len(bareBucketReqs)] }, ok: is(200)},
		{name: "bucket read, cache hit, gzip", addr: apiAddr, meter: apiMeter, vs: bareBucketScenario,
			req: func(c, n int) []byte { return hotReqs[(c+n)%len(hotReqs)] }, ok: is(200)},
		{name: "observation ingest (50 per request)", addr: apiAddr, meter: apiMeter, perReq: ingestBatch,
			req: func(c, n int) []byte { return ingestReq(tokens[c], c, n) }, ok: is(200)},
		{name: "report write", addr: apiAddr, meter: apiMeter,
			req: func(c, n int) []byte { return reportReq(tokens[c], c, n) }, ok: is(201)},
	}
	for _, r := range hotReqs { // fill the API's cache
		if status, body, err := fetch(apiAddr, r); err != nil || status != 200 {
			return fmt.Errorf("warm the cache: %d %s %v", status, body, err)
		}
	}

	// Runs interleave the scenarios, so a burst of outside load on the
	// machine hits them alike; each scenario keeps its median run, and its
	// ratios to the yardstick are the medians of the ratios within a run.
	all := make([][]result, len(scenarios))
	for range s.runs {
		for i, sc := range scenarios {
			r := sc.measure(s)
			if r.failures > 0 {
				return fmt.Errorf("%s: %d failed requests, first: %s", sc.name, r.failures, r.firstFail)
			}
			all[i] = append(all[i], r)
			if s.verbose {
				fmt.Printf("run %d: %-36s %9.0f req/s  p50 %s  p99 %s  server CPU %.2f\n", len(all[i]), sc.name, r.rps(), ms(r.percentile(50)), ms(r.percentile(99)), r.serverCPU)
			}
		}
	}
	var results []result
	for i, runs := range all {
		var speed, cost []float64
		for j, r := range runs {
			bare := all[scenarios[i].vs][j]
			speed = append(speed, r.rps()/bare.rps())
			cost = append(cost, bare.cpuPerRequest()/r.cpuPerRequest())
		}
		sort.Slice(runs, func(i, j int) bool { return runs[i].rps() < runs[j].rps() })
		r := runs[len(runs)/2]
		r.vsBare, r.costVsBare = median(speed), median(cost)
		results = append(results, r)
	}
	assembly, err := bucketAssembly(st)
	if err != nil {
		return err
	}

	obsBytes, baselineBytes, err := productMemory(st, "B0CHX1W1XY", 100)
	if err != nil {
		return err
	}
	bigBytes, _, err := productMemory(st, "B0MANYCONT", 100_000)
	if err != nil {
		return err
	}
	mints, err := mintRate(rs.URL(), 5000)
	if err != nil {
		return err
	}
	printResults(results, obsBytes, baselineBytes)
	fmt.Printf("bucket answers read: %d hot buckets, %.0f bytes gzipped on average (%d products seeded: %.0f per bucket)\n",
		len(hotBuckets), float64(bucketBytes)/float64(len(hotBuckets)), hotProducts+s.products, float64(hotProducts+s.products)/4096)
	fmt.Println(assembly)
	fmt.Printf("Redis memory per product at 100,000 contributors (bounded to %d network blocks): %d bytes of observations\n", maxEntries, bigBytes)
	fmt.Printf("mint with the work verified (in process, real Redis, one at a time): %.0f mints/s\n", mints)
	return nil
}

// maxEntries is the store's bound on a product's entries, as configured
// for the load test.
const maxEntries = 500

// mintRate mints n clients one after another through the API's handler
// in process, on real Redis, each with a challenge solved beforehand:
// what a mint costs the server (work verified, two limit buckets, the
// single-use mark), without the network.
func mintRate(redisURL string, n int) (float64, error) {
	st, err := store.Open(store.Options{URL: redisURL, Timeout: 5 * time.Second, BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour})
	if err != nil {
		return 0, err
	}
	defer st.Close()
	api := httpapi.New(st, httpapi.Options{Secret: []byte("loadtest-mint-secret-0123"), TokenTTL: time.Hour,
		MintPerMinute: 1 << 30, MintPerBlockPerMinute: 1 << 30, WritesPerMinute: 1, ReadsPerMinute: 1 << 30,
		BodyLimit: 64 << 10, MintDifficulty: benchDifficulty})
	defer api.Close()
	bodies := make([]string, n)
	for i := range bodies {
		w := httptest.NewRecorder()
		api.ServeHTTP(w, jsonRequest("/v1/challenges", "{}"))
		var ch struct{ Challenge string }
		if w.Code != 201 || json.Unmarshal(w.Body.Bytes(), &ch) != nil {
			return 0, fmt.Errorf("challenge: %d %s", w.Code, w.Body)
		}
		bodies[i] = fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, ch.Challenge, token.Solve(ch.Challenge, benchDifficulty))
	}
	start := time.Now()
	for _, b := range bodies {
		w := httptest.NewRecorder()
		api.ServeHTTP(w, jsonRequest("/v1/clients", b))
		if w.Code != 201 {
			return 0, fmt.Errorf("mint: %d %s", w.Code, w.Body)
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func jsonRequest(path, body string) *http.Request {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}

// scenario is one load shape.
type scenario struct {
	name   string
	addr   string
	meter  cpuMeter
	perReq int
	req    requestFunc
	ok     func(int) bool
	vs     int // the scenario whose same-run figures this one is compared with
}

// measure runs the scenario once.
func (sc scenario) measure(s settings) result {
	warmEnd := make(chan time.Duration, 1)
	go func() { time.Sleep(s.warmup); warmEnd <- sc.meter.now() }()
	r := run(sc.name, sc.addr, s.conns, s.warmup, s.duration, sc.req, sc.ok)
	r.serverCPU = (sc.meter.now() - <-warmEnd).Seconds() / s.duration.Seconds()
	r.perReq = max(sc.perReq, 1)
	return r
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func is(status int) func(int) bool { return func(s int) bool { return s == status } }

const (
	hotProducts = 100
	ingestBatch = 50
)

var bareReq = get("/bare")

// bucketGet is a GET that accepts gzip, as a browser sends it.
func bucketGet(path string) []byte {
	return []byte("GET " + path + " HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n")
}

func hotASIN(i int) string  { return fmt.Sprintf("H%09d", i) }
func missASIN(i int) string { return fmt.Sprintf("M%09d", i) }

// bucketAssembly reads every bucket of the scheme through the store once,
// as a cache miss does (the index, then the entries' cached baselines in
// one pipeline), and reports the time per bucket.
func bucketAssembly(st *store.Store) (string, error) {
	ctx := context.Background()
	var times []time.Duration
	entries := 0
	n := store.BucketPrefixLen(store.BaselineBuckets)
	for b := range 1 << (4 * n) {
		p := fmt.Sprintf("%0*x", n, b)
		t0 := time.Now()
		got, err := st.BaselineBucket(ctx, p)
		if err != nil {
			return "", fmt.Errorf("bucket %s: %w", p, err)
		}
		times = append(times, time.Since(t0))
		entries += len(got)
	}
	slices.Sort(times)
	return fmt.Sprintf("bucket assembly from Redis (a cache miss, in process, one at a time): %d buckets, %.1f entries each, p50 %s, p99 %s",
		len(times), float64(entries)/float64(len(times)), ms(times[len(times)/2]), ms(times[len(times)*99/100])), nil
}

// seed gives n products five contributors each, straight through the
// store, so that they have a baseline.
func seed(st *store.Store, asin func(int) string, n int) error {
	const batch, workers = 500, 8
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	next := atomic.Int64{}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from := int(next.Add(batch)) - batch
				if from >= n {
					return
				}
				for client := range 5 {
					var obs []market.Observation
					for i := from; i < min(from+batch, n); i++ {
						obs = append(obs, observation(asin(i), int64(1000+i%100+client*10)))
					}
					if _, err := st.AddObservations(ctx, seedContributor("seed-client-"+strconv.Itoa(client), client), obs); err != nil {
						errs <- fmt.Errorf("seed: %w", err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func observation(asin string, price int64) market.Observation {
	return market.Observation{Marketplace: market.JP, ASIN: asin, Price: price, Currency: "JPY", Condition: market.New, SellerKind: market.FulfilledByAmazon}
}

// seedContributor is a long-trusted client in a network block of its own.
func seedContributor(id string, block int) store.Contributor {
	return store.Contributor{ClientID: id, Issued: time.Now().Add(-365 * 24 * time.Hour), Block: "blk" + strconv.Itoa(block)}
}

// benchDifficulty is the load test's proof of work: small, since mints
// are not what it measures.
const benchDifficulty = 8

// mintTokens gets n client tokens from the API, solving each challenge.
func mintTokens(addr string, n int) ([]string, error) {
	tokens := make([]string, n)
	for i := range tokens {
		status, body, err := fetch(addr, post("/v1/challenges", "", []byte("{}")))
		var ch struct{ Challenge string }
		if err != nil || status != 201 || json.Unmarshal(body, &ch) != nil {
			return nil, fmt.Errorf("get a challenge: %d %s %v", status, body, err)
		}
		req, _ := json.Marshal(map[string]string{"challenge": ch.Challenge, "nonce": token.Solve(ch.Challenge, benchDifficulty)})
		status, body, err = fetch(addr, post("/v1/clients", "", req))
		var c struct{ Token string }
		if err != nil || status != 201 || json.Unmarshal(body, &c) != nil || c.Token == "" {
			return nil, fmt.Errorf("mint a token: %d %s %v", status, body, err)
		}
		tokens[i] = c.Token
	}
	return tokens, nil
}

// ingestReq posts 50 observations of products no other request touches.
func ingestReq(token string, c, n int) []byte {
	var b strings.Builder
	b.WriteString(`{"observations":[`)
	for k := range ingestBatch {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"marketplace":"JP","asin":"I%03d%06d","price":%d,"currency":"JPY","condition":"new","sellerKind":"fba"}`, c%1000, (n*ingestBatch+k)%1000000, 1000+k)
	}
	b.WriteString(`]}`)
	return post("/v1/observations", token, []byte(b.String()))
}

// reportReq reports one of a thousand sellers per connection.
func reportReq(token string, c, n int) []byte {
	body := fmt.Sprintf(`{"marketplace":"JP","sellerId":"A%03d%09d","reasons":["NOT_DELIVERED","PRICE_TOO_LOW"],"note":"load test"}`, c%1000, n%1000)
	return post("/v1/reports", token, []byte(body))
}

// productMemory fills one product with observations from n clients
// with real-length IDs, each in a network block of its own, caches its
// baseline and asks Redis how many bytes it takes.
func productMemory(st *store.Store, asin string, n int) (observations, baseline int64, err error) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 16 {
				id := make([]byte, 16)
				rand.Read(id)
				if _, err := st.AddObservations(ctx, seedContributor(base64.RawURLEncoding.EncodeToString(id), i), []market.Observation{observation(asin, int64(39800+i%100*10))}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, 0, err
	}
	if _, err := st.Baseline(ctx, market.JP, asin); err != nil {
		return 0, 0, fmt.Errorf("baseline of the memory probe: %w", err)
	}
	return st.ProductMemory(ctx, market.JP, asin)
}

// twoAddrs returns two free loopback addresses.
func twoAddrs() (string, string, error) {
	a, err := redistest.FreePort()
	if err != nil {
		return "", "", err
	}
	b, err := redistest.FreePort()
	for err == nil && b == a {
		b, err = redistest.FreePort()
	}
	if err != nil {
		return "", "", err
	}
	return "127.0.0.1:" + strconv.Itoa(a), "127.0.0.1:" + strconv.Itoa(b), nil
}
