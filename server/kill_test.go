package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

// serveEnv makes the test binary, run again by a test, be the server.
const serveEnv = "MIKIWAME_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		main() // until it is killed
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestKilledServerLosesNothingAcknowledged runs the server as a process
// of its own on a real redis-server, has eight clients write
// observations and reports through it, SIGKILLs the server with requests
// in flight, and looks up every write it acknowledged: the server
// answers only once Redis has answered, so all of them must be there. A
// write cut short may have landed or not; it was never acknowledged.
func TestKilledServerLosesNothingAcknowledged(t *testing.T) {
	rs, err := redistest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	addr, maddr := freeAddrs(t)
	base := "http://" + addr
	var logs syncBuffer
	srv := exec.Command(os.Args[0], "-test.run=^$")
	srv.Env = append(os.Environ(), serveEnv+"=1",
		"REDIS_URL="+rs.URL(), "MIKIWAME_ADDR="+addr, "MIKIWAME_METRICS_ADDR="+maddr,
		"MIKIWAME_HMAC_SECRET=kill-test-secret-0123456789", "MIKIWAME_LOG_LEVEL=warn", "MIKIWAME_MINT_DIFFICULTY=4",
		// Trusted at once, so that every price lands in the counted keys
		// the check below reads; limits that never refuse the load.
		"MIKIWAME_CLIENT_MIN_AGE_DAYS=0", "MIKIWAME_CLIENT_MIN_DAYS_SEEN=1",
		"MIKIWAME_WRITES_PER_MINUTE=1000000000", "MIKIWAME_BLOCK_DAILY_WRITES=1000000000",
		"MIKIWAME_CLIENT_DAILY_OBSERVATIONS=1000000", "MIKIWAME_CLIENT_DAILY_REPORTS=10000")
	srv.Stdout, srv.Stderr = &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { srv.Wait(); close(exited) }()
	defer func() { srv.Process.Kill(); <-exited }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready within 10s: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	type write struct {
		asins  []string // an observation write
		seller string   // a report
	}
	var (
		mu       sync.Mutex
		acked    []write
		inFlight int // requests the kill cut short
		wg       sync.WaitGroup
	)
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range 8 {
		tok := mintToken(t, base)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				var wr write
				var body, path string
				if i%2 == 0 {
					var items []string
					for j := range 3 {
						a := fmt.Sprintf("B%d%07d%d", w, i, j)
						wr.asins = append(wr.asins, a)
						items = append(items, fmt.Sprintf(`{"marketplace":"JP","asin":%q,"price":1000,"currency":"JPY","condition":"new","sellerKind":"fba"}`, a))
					}
					path, body = "/v1/observations", `{"observations":[`+strings.Join(items, ",")+`]}`
				} else {
					wr.seller = fmt.Sprintf("A%d%012d", w, i)
					path, body = "/v1/reports", fmt.Sprintf(`{"marketplace":"JP","sellerId":%q,"reasons":["OTHER"]}`, wr.seller)
				}
				req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				res, err := client.Do(req)
				if err != nil {
					mu.Lock()
					inFlight++
					mu.Unlock()
					return // the server is gone
				}
				var ans struct{ Counted json.RawMessage }
				json.NewDecoder(res.Body).Decode(&ans)
				res.Body.Close()
				ok := (res.StatusCode == http.StatusOK && string(ans.Counted) == "3") ||
					(res.StatusCode == http.StatusCreated && string(ans.Counted) == "true")
				if !ok {
					t.Errorf("POST %s = %d, counted %s; want it stored and counted", path, res.StatusCode, ans.Counted)
					return
				}
				mu.Lock()
				acked = append(acked, wr)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Second)
	if err := srv.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	wg.Wait()

	st, err := store.Open(store.Options{URL: rs.URL(), Timeout: time.Second, MinContributors: 1, ReportTTL: 365 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	lost := 0
	for _, wr := range acked {
		for _, a := range wr.asins {
			n, _, err := st.ProductMemory(ctx, market.JP, a)
			if err != nil {
				t.Fatalf("look up %s: %v", a, err)
			}
			if n == 0 {
				lost++
			}
		}
		if wr.seller != "" {
			v, err := st.Seller(ctx, market.JP, wr.seller)
			if err != nil {
				t.Fatalf("look up %s: %v", wr.seller, err)
			}
			if len(v.Reports) != 1 {
				lost++
			}
		}
	}
	t.Logf("server SIGKILLed after 1s: %d writes acknowledged, %d cut short in flight; %d acknowledged writes missing from Redis", len(acked), inFlight, lost)
	if len(acked) == 0 || inFlight == 0 {
		t.Fatalf("acknowledged / cut short = %d / %d; want some of both (the kill must hit writes in flight)", len(acked), inFlight)
	}
	if lost > 0 {
		t.Errorf("%d acknowledged writes are not in Redis after the server was killed; want 0", lost)
	}
}

// mintToken mints a client token from the server at base.
func mintToken(t *testing.T, base string) string {
	t.Helper()
	var ch struct {
		Challenge  string
		Difficulty int
	}
	if status := postJSON(t, base+"/v1/challenges", "{}", &ch); status != http.StatusCreated {
		t.Fatalf("POST /v1/challenges = %d; want 201", status)
	}
	var tok struct{ Token string }
	mint := fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, ch.Challenge, token.Solve(ch.Challenge, ch.Difficulty))
	if status := postJSON(t, base+"/v1/clients", mint, &tok); status != http.StatusCreated || tok.Token == "" {
		t.Fatalf("POST /v1/clients = %d; want 201 with a token", status)
	}
	return tok.Token
}
