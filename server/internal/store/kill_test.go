package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// TestKilledDuringWrites SIGKILLs Redis while observations and reports are
// being written, restarts it on its AOF, and counts the acknowledged
// writes that are gone: none with appendfsync always; with everysec,
// only writes acknowledged in the last two seconds before the kill may be
// (Redis's own promise is about one second).
func TestKilledDuringWrites(t *testing.T) {
	for _, fsync := range []string{"always", "everysec"} {
		t.Run(fsync, func(t *testing.T) {
			rs, err := redistest.Start("--appendonly", "yes", "--appendfsync", fsync)
			if err != nil {
				t.Fatal(err)
			}
			defer rs.Close()
			s, err := Open(Options{URL: rs.URL(), Timeout: 200 * time.Millisecond, BaselineWindow: 90 * 24 * time.Hour,
				MinContributors: 1, ReportTTL: 365 * 24 * time.Hour, DailyObservations: 1 << 30, DailyReports: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			type ack struct {
				key string
				at  time.Time
			}
			var mu sync.Mutex
			var acks []ack
			var wg sync.WaitGroup
			ctx := context.Background()
			stop := make(chan struct{})
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						key, err := writeNew(ctx, s, w, i)
						if err == nil {
							mu.Lock()
							acks = append(acks, ack{key, time.Now()})
							mu.Unlock()
						}
					}
				}()
			}
			time.Sleep(1500 * time.Millisecond)
			rs.Stop() // SIGKILL, writes in flight
			killed := time.Now()
			time.Sleep(100 * time.Millisecond)
			close(stop)
			wg.Wait()
			if err := rs.Restart(); err != nil {
				t.Fatalf("restart on the AOF: %v", err)
			}
			lost, lostEarly := 0, 0
			for _, a := range acks {
				if n, err := rs.Do("EXISTS", a.key); err != nil || n != "1" {
					lost++
					if a.at.Before(killed.Add(-2 * time.Second)) {
						lostEarly++
					}
				}
			}
			t.Logf("appendfsync %s: %d writes acknowledged, %d lost after SIGKILL (%d of them acknowledged over 2 s before it)", fsync, len(acks), lost, lostEarly)
			if len(acks) == 0 {
				t.Fatal("no write acknowledged")
			}
			if fsync == "always" && lost > 0 {
				t.Errorf("appendfsync always lost %d acknowledged writes; want 0", lost)
			}
			if lostEarly > 0 {
				t.Errorf("appendfsync %s lost %d writes acknowledged over 2 s before the kill; want 0", fsync, lostEarly)
			}
		})
	}
}

// writeNew is writer w's i-th write: from a new client, an observation of
// a new product (even i) or a report of a new seller (odd i), so that the
// keys of the writes spread over the slots. It returns the key that must
// hold it.
func writeNew(ctx context.Context, s *Store, w, i int) (key string, err error) {
	id := fmt.Sprintf("w%d-%d", w, i)
	if i%2 == 0 {
		asin := fmt.Sprintf("B%d%08d", w, i)
		_, err = s.AddObservations(ctx, who(id), []market.Observation{obs(asin, 1000)})
		return observationsKey(market.JP, asin), err
	}
	seller := fmt.Sprintf("A%d%012d", w, i)
	_, err = s.AddReport(ctx, who(id), market.Report{Marketplace: market.JP, SellerID: seller, Reasons: []string{"OTHER"}})
	return reportsKey(market.JP, seller), err
}
