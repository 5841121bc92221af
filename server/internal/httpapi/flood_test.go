package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/config"
)

// floodEnv sets how long TestStorageFlood floods (a Go duration); CI
// runs the default, the minute the issue asks for.
const floodEnv = "MIKIWAME_FLOOD_DURATION"

// floodDuration is the flood's length: floodEnv, else 60 s.
func floodDuration(t *testing.T) time.Duration {
	v := os.Getenv(floodEnv)
	if v == "" {
		return 60 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration such as 60s", floodEnv, v)
	}
	return d
}

// maxBytesPerWrite bounds what one stored write may cost Redis: a new
// product's or seller's entry hash and order set, a report's admin-list
// member and the daily counters (measured: 380–420 bytes a write).
const maxBytesPerWrite = 1024

// TestStorageFlood: one address floods the API as fast as it can, with
// the rate limits out of the way so that only the daily caps bound it:
// batches of 50 observations of products nobody saw and a report of a new
// seller each time, a new token whenever its own quota is used up, and
// the simulated clock a day further every sixth of the run. Redis ends
// within the caps: no more writes stored than the block budget times the
// days, and no more memory and keys than those writes may take.
func TestStorageFlood(t *testing.T) {
	length := floodDuration(t)
	const days = 6
	clk := &testClock{t: time.Now()}
	s := newTrustAPI(t, clk)
	// No per-minute limits: the daily caps alone must hold.
	s.opts.WritesPerMinute = 1 << 30
	before := redisMemory(t)

	const ip = "203.0.113.77"
	mintOne := func() (shopper, bool) { return newShopper(t, s, ip, false) }
	sh, ok := mintOne()
	if !ok {
		t.Fatal("first mint refused")
	}
	var requests, refused, unavailable, mints, stored, reports int
	start := time.Now()
	for day := 1; ; day++ {
		end := start.Add(time.Duration(day) * length / days)
		for time.Now().Before(end) {
			n := requests
			items := make([]string, 50)
			for i := range items {
				items[i] = observation(fmt.Sprintf("F%09d", n*50+i), 1000+i)
			}
			res := do(t, s, req{method: "POST", path: "/v1/observations", token: sh.tok, ip: sh.ip, body: observations(items...)})
			requests++
			switch res.Status {
			case http.StatusOK:
				var a struct{ Accepted int }
				json.Unmarshal(res.Body, &a)
				stored += a.Accepted
			case http.StatusTooManyRequests:
				refused++
				if !strings.Contains(string(res.Body), "network") {
					if next, ok := mintOne(); ok {
						sh = next
						mints++
					}
				}
			case http.StatusServiceUnavailable:
				// A Redis timeout on a starved machine (go test runs
				// packages side by side): nothing stored, and the bounds
				// below are what this test is about.
				unavailable++
			default:
				t.Fatalf("flood write = %d %s; want 200, 429 or 503", res.Status, res.Body)
			}
			if res := sh.report(t, s, fmt.Sprintf("A1FLOOD%07d", n)); res.Status == http.StatusCreated {
				reports++
			}
		}
		if day == days {
			break
		}
		clk.Add(24 * time.Hour)
	}
	after := redisMemory(t)
	keys, err := redisServer.Do("DBSIZE")
	if err != nil {
		t.Fatal(err)
	}
	nkeys, _ := strconv.Atoi(keys)
	writes := stored + reports
	grown := after - before
	t.Logf("flood of %s from one address over %d simulated days: %d requests, %d refused, %d unavailable, %d tokens; stored %d observations and %d reports; Redis grew %d bytes (%d a write), %d keys",
		length, days, requests, refused, unavailable, mints+1, stored, reports, grown, grown/int64(max(writes, 1)), nkeys)
	if budget := days * config.DefaultBlockDailyWrites; writes > budget {
		t.Errorf("one address stored %d writes in %d days; want at most the block budget, %d", writes, days, budget)
	}
	if limit := int64(days*config.DefaultBlockDailyWrites) * maxBytesPerWrite; grown > limit {
		t.Errorf("Redis grew %d bytes; want at most %d (%d writes × %d bytes)", grown, limit, days*config.DefaultBlockDailyWrites, maxBytesPerWrite)
	}
	// Per write: an entry hash and its order set (2 keys), plus a few
	// per client, block and day.
	if limit := 2*writes + 10*(mints+1) + 10*days + 20; nkeys > limit {
		t.Errorf("Redis holds %d keys; want at most %d for %d writes", nkeys, limit, writes)
	}
	if stored == 0 || reports == 0 {
		t.Errorf("the flood stored %d observations and %d reports; want some of both (the caps are daily, not zero)", stored, reports)
	}
}

// redisMemory is used_memory of the shared redis-server (INFO memory).
func redisMemory(t *testing.T) int64 {
	t.Helper()
	info, err := redisServer.Do("INFO", "memory")
	if err != nil {
		t.Fatalf("INFO memory: %v", err)
	}
	for _, l := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("used_memory %q: %v", v, err)
			}
			return n
		}
	}
	t.Fatalf("INFO memory has no used_memory:\n%s", info)
	return 0
}
