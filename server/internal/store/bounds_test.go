package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// TestProductKeyBounded writes 300,000 contributors, each a client in a
// network block of its own, to one product, while another product takes
// ordinary writes. The entries go straight through the store's bounded
// write (pipelined, without the per-client check, which is about
// clients, not key size). The product stays within MaxEntriesPerKey
// entries, its baseline computes in under 5 ms, and no unrelated write
// fails.
func TestProductKeyBounded(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const asin, other, contributors, perPipe = "B0HUGEPROD", "B0UNRELATE", 300_000, 2000
	now := c.Now()
	k := productEntries(market.JP, asin, true)

	var unrelated, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_, err := s.AddObservations(ctx, who("bystander"+strconv.Itoa(i%50)), []market.Observation{obs(other, 1000+int64(i%50))})
			unrelated.Add(1)
			if err != nil {
				failed.Add(1)
				t.Errorf("unrelated write during the flood: %v", err)
			}
		}
	}()

	start := time.Now()
	for from := 0; from < contributors; from += perPipe {
		_, err := s.pipelineScripts(ctx, func(p redis.Pipeliner, withBody bool) []*redis.Cmd {
			var cmds []*redis.Cmd
			for i := from; i < from+perPipe; i++ {
				var b [4]byte
				binary.BigEndian.PutUint32(b[:], uint32(i))
				value := observationField(clientTag("c"+strconv.Itoa(i)), dayOf(now)) + strconv.Itoa(39000+i%2000)
				cmds = append(cmds, runBounded(ctx, p, withBody,
					[]string{k.hash, k.order, rangeKey(market.JP, asin), baselineKey(market.JP, asin)},
					string(b[:]), value, now.Unix()+int64(i), s.opts.MaxEntriesPerKey, int64(91*24*time.Hour/time.Millisecond), 0, s.opts.OutlierFactor))
			}
			return cmds
		})
		if err != nil {
			t.Fatalf("bounded writes: %v", err)
		}
	}
	flood := time.Since(start)
	close(stop)
	wg.Wait()

	hlen, _ := redisServer.Do("HLEN", k.hash)
	zcard, _ := redisServer.Do("ZCARD", k.order)
	if hlen != strconv.Itoa(s.opts.MaxEntriesPerKey) || zcard != hlen {
		t.Errorf("after %d contributors HLEN, ZCARD = %s, %s; want %d each", contributors, hlen, zcard, s.opts.MaxEntriesPerKey)
	}
	mem, _, err := s.ProductMemory(ctx, market.JP, asin)
	if err != nil || mem == 0 || mem > 200_000 {
		t.Errorf("ProductMemory = %d bytes, %v; want 1 to 200,000 (a bounded key)", mem, err)
	}
	// Time the read a cache miss makes: the computed baseline is gone.
	var best time.Duration = time.Hour
	for range 5 {
		redisServer.Do("DEL", baselineKey(market.JP, asin))
		t0 := time.Now()
		b, err := s.Baseline(ctx, market.JP, asin)
		if d := time.Since(t0); d < best {
			best = d
		}
		if err != nil || b.Contributors != s.opts.MaxEntriesPerKey {
			t.Fatalf("Baseline = %+v, %v; want %d contributors (the newest blocks)", b, err, s.opts.MaxEntriesPerKey)
		}
	}
	t.Logf("%d contributors in %s; key %d entries, %d bytes; baseline computed in %s (best of 5); %d unrelated writes, %d failed",
		contributors, flood.Round(time.Millisecond), s.opts.MaxEntriesPerKey, mem, best.Round(time.Microsecond), unrelated.Load(), failed.Load())
	if best > 5*time.Millisecond {
		t.Errorf("baseline of a product with %d contributors took %s; want under 5 ms", contributors, best)
	}
	if unrelated.Load() == 0 {
		t.Errorf("no unrelated write ran during the flood")
	}
}

// TestDailyQuota: a client's writes beyond its daily quota are refused
// with the time to the next UTC day, and the quota comes back then.
func TestDailyQuota(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	s.opts.DailyObservations = 3
	batch := []market.Observation{obs("B0QUOTA001", 1000), obs("B0QUOTA002", 1000)}
	if _, err := s.AddObservations(ctx, who("q"), batch); err != nil {
		t.Fatalf("first write: %v", err)
	}
	_, err := s.AddObservations(ctx, who("q"), batch)
	var q *QuotaError
	if !errors.As(err, &q) || q.RetryAfter != 12*time.Hour {
		t.Fatalf("write over the quota error = %v; want a QuotaError retrying in 12h (the clock is at noon)", err)
	}
	if _, err := s.AddObservations(ctx, who("other"), batch); err != nil {
		t.Errorf("another client's write: %v; want nil", err)
	}
	c.Add(12 * time.Hour)
	if _, err := s.AddObservations(ctx, who("q"), batch); err != nil {
		t.Errorf("write the next day: %v; want nil", err)
	}
}

// TestBlockBudget: a network block's daily budget counts the writes of
// all its clients, reports included; a write the client's own quota
// refuses costs the block nothing, and a write the block refuses costs
// the client nothing.
func TestBlockBudget(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	s.opts.DailyObservations, s.opts.DailyBlockWrites = 3, 10
	in := func(id string) Contributor {
		return Contributor{ClientID: id, Issued: time.Unix(0, 0), Block: "one /24"}
	}
	batch := func(n int) []market.Observation {
		out := make([]market.Observation, n)
		for i := range out {
			out[i] = obs(fmt.Sprintf("B0BLOCK%03d", i), 1000)
		}
		return out
	}
	var q *QuotaError
	steps := []struct {
		name        string
		write       func() error
		wantNetwork bool // refused for the block's sake; else nil or the client's quota
		wantOK      bool
	}{
		{"a: 3", func() error { _, err := s.AddObservations(ctx, in("a"), batch(3)); return err }, false, true},
		{"a: 1 over its own quota", func() error { _, err := s.AddObservations(ctx, in("a"), batch(1)); return err }, false, false},
		{"b: 3", func() error { _, err := s.AddObservations(ctx, in("b"), batch(3)); return err }, false, true},
		{"c: a report", func() error {
			_, err := s.AddReport(ctx, in("c"), market.Report{Marketplace: market.JP, SellerID: "A1BLOCKSELLER", Reasons: []string{market.ReportOther}})
			return err
		}, false, true},
		{"d: 4, one more than the block has left", func() error { _, err := s.AddObservations(ctx, in("d"), batch(4)); return err }, true, false},
		{"d: 3 fit the block's last 3", func() error { _, err := s.AddObservations(ctx, in("d"), batch(3)); return err }, false, true},
		{"e: a report over the block's budget", func() error {
			_, err := s.AddReport(ctx, in("e"), market.Report{Marketplace: market.JP, SellerID: "A1BLOCKSELLER", Reasons: []string{market.ReportOther}})
			return err
		}, true, false},
	}
	for _, st := range steps {
		err := st.write()
		if st.wantOK {
			if err != nil {
				t.Fatalf("%s: %v; want nil", st.name, err)
			}
			continue
		}
		if !errors.As(err, &q) || q.Network != st.wantNetwork {
			t.Fatalf("%s: error %v; want a QuotaError with Network %v", st.name, err, st.wantNetwork)
		}
	}
	if _, err := s.AddObservations(ctx, Contributor{ClientID: "f", Issued: time.Unix(0, 0), Block: "another /24"}, batch(3)); err != nil {
		t.Errorf("another block's write: %v; want nil", err)
	}
	c.Add(12 * time.Hour)
	if _, err := s.AddObservations(ctx, in("e"), batch(3)); err != nil {
		t.Errorf("the block's write the next day: %v; want nil", err)
	}
}

// TestFullRedis: with Redis at maxmemory (noeviction) writes fail with
// ErrFull and reads still answer, a baseline computed while full
// included.
func TestFullRedis(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const asin = "B0FULLREDS"
	for i := range 5 {
		if _, err := s.AddObservations(ctx, who(strconv.Itoa(i)), []market.Observation{obs(asin, 1000)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := redisServer.Do("CONFIG", "SET", "maxmemory", "1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { redisServer.Do("CONFIG", "SET", "maxmemory", "512mb") })
	if _, err := s.AddObservations(ctx, who("late"), []market.Observation{obs(asin, 1000)}); !errors.Is(err, ErrFull) {
		t.Errorf("AddObservations on a full Redis error = %v; want ErrFull", err)
	}
	if _, err := s.AddReport(ctx, who("late"), market.Report{Marketplace: market.JP, SellerID: "A1FULLREDIS0", Reasons: []string{"OTHER"}}); !errors.Is(err, ErrFull) {
		t.Errorf("AddReport on a full Redis error = %v; want ErrFull", err)
	}
	if b, err := s.Baseline(ctx, market.JP, asin); err != nil || b.Median != 1000 {
		t.Errorf("Baseline on a full Redis = %+v, %v; want median 1000", b, err)
	}
	if _, err := s.Reputation(ctx, market.JP, "A1FULLREDIS0"); err != nil {
		t.Errorf("Reputation on a full Redis: %v; want nil", err)
	}
}
