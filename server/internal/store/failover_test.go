package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// TestClusterFailover SIGKILLs one master of a Redis Cluster of three
// masters and three replicas while observations and reports are being
// written, and checks that writes resume by themselves once the
// replica is promoted, with no restart and no help from the test, and
// that every acknowledged write is there afterwards, except what
// asynchronous replication may lose: writes acknowledged by the dead
// master in the moment before it died (asserted: none older than one
// second).
func TestClusterFailover(t *testing.T) {
	cl, err := redistest.StartReplicatedCluster(3)
	if err != nil {
		t.Fatalf("StartReplicatedCluster(3): %v", err)
	}
	defer cl.Close()
	s, err := Open(Options{
		ClusterAddrs: cl.Addrs(), Timeout: 100 * time.Millisecond,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 1, ReportTTL: 365 * 24 * time.Hour,
		DailyObservations: 1 << 30, DailyReports: 1 << 30, DailyBlockWrites: 1 << 30,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	type ack struct {
		key string
		at  time.Time
	}
	var (
		mu       sync.Mutex
		acks     []ack
		failed   atomic.Int64
		lastFail atomic.Int64 // UnixNano
		wg       sync.WaitGroup
		stop     = make(chan struct{})
		ctx      = context.Background()
	)
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
				// Most writes need the master that dies: their keys spread
				// over the slots.
				key, err := writeNew(ctx, s, w, i)
				now := time.Now()
				if err != nil {
					failed.Add(1)
					lastFail.Store(now.UnixNano())
					time.Sleep(time.Millisecond) // the breaker answers at once
					continue
				}
				mu.Lock()
				acks = append(acks, ack{key, now})
				mu.Unlock()
			}
		}()
	}
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
		wg.Wait()
	}()

	time.Sleep(time.Second)
	cl.Nodes[0].Stop() // SIGKILL, writes in flight
	killed := time.Now()
	if err := redistest.WaitPromoted(cl.Replicas[0], 30*time.Second); err != nil {
		t.Fatalf("replica of the killed master: %v", err)
	}
	promoted := time.Since(killed)
	// Writes have resumed once none failed for a second.
	deadline := time.Now().Add(30 * time.Second)
	for last := lastFail.Load(); last < killed.UnixNano() || time.Since(time.Unix(0, last)) < time.Second; last = lastFail.Load() {
		if time.Now().After(deadline) {
			t.Fatalf("writes still failing 30s after the replica was promoted")
		}
		time.Sleep(25 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	resumed := time.Unix(0, lastFail.Load()).Sub(killed)

	var before, after, lost, lostEarly int
	for _, a := range acks {
		if a.at.Before(killed) {
			before++
		} else {
			after++
		}
		n, err := s.rdb.Exists(ctx, a.key).Result()
		if err != nil {
			t.Fatalf("EXISTS %s after the failover: %v", a.key, err)
		}
		if n == 1 {
			continue
		}
		lost++
		if a.at.Before(killed.Add(-time.Second)) || a.at.After(killed) {
			lostEarly++
		}
	}
	t.Logf("master killed: replica promoted after %s, writes resumed %s after the kill; %d writes acknowledged before the kill, %d after, %d refused meanwhile; %d acknowledged writes lost",
		promoted.Round(time.Millisecond), resumed.Round(time.Millisecond), before, after, failed.Load(), lost)
	if before == 0 || after == 0 {
		t.Fatalf("acknowledged writes before / after the kill = %d / %d; want some of both", before, after)
	}
	if lostEarly > 0 {
		t.Errorf("%d acknowledged writes lost that were acknowledged over a second before the kill, or after it; want 0", lostEarly)
	}
	if resumed > promoted+5*time.Second {
		t.Errorf("writes resumed %s after the kill, %s after the promotion; want within 5s of it", resumed.Round(time.Millisecond), (resumed - promoted).Round(time.Millisecond))
	}
}
