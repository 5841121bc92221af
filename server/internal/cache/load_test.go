package cache

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// A load is shared by every caller waiting on the key, so the first
// caller hanging up must not fail it for the others.
func TestLoadOutlivesItsCaller(t *testing.T) {
	gate := make(chan struct{})
	load := func(ctx context.Context, key string) (string, error) {
		<-gate
		if err := ctx.Err(); err != nil {
			return "", err // as Redis does when the context ends
		}
		return key + "=1", nil
	}
	c := New(load, Options{Fresh: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		c.Load(ctx, "k")
		close(done)
	}()
	for c.inflightCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	close(gate)
	<-done
	// Callers that joined the load got its result; the cache has it too.
	if v, ok := c.Lookup("k"); v != "k=1" || !ok {
		t.Errorf("Lookup(k) after a load whose caller hung up = %q, %v; want k=1, true", v, ok)
	}
}

// Stale lookups of many keys at once (a Redis outage, a burst of
// different products) start at most MaxRefreshes loads at a time; the
// others serve their stale value and refresh on a later lookup.
func TestRefreshesAreBounded(t *testing.T) {
	src := &source{}
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	c := New(src.load, Options{Fresh: time.Second, MaxStale: time.Hour, MaxRefreshes: 4, Now: clk.Now})
	ctx := context.Background()
	for i := range 50 {
		c.Load(ctx, fmt.Sprint(i))
	}
	src.gate = make(chan struct{})
	before := src.calls.Load()
	clk.Add(time.Minute)
	for i := range 50 {
		if _, ok := c.Lookup(fmt.Sprint(i)); !ok {
			t.Fatalf("Lookup(%d) stale ok = false; want true", i)
		}
	}
	for src.calls.Load()-before < 4 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond) // room for any extra refresh to start
	if n := src.calls.Load() - before; n != 4 {
		t.Errorf("50 stale lookups started %d refreshes; want MaxRefreshes = 4", n)
	}
	close(src.gate)
	c.Wait()
	// The slots are free again: the next stale lookups refresh.
	before = src.calls.Load()
	for i := 4; i < 50; i++ {
		c.Lookup(fmt.Sprint(i))
	}
	c.Wait()
	if n := src.calls.Load() - before; n < 4 {
		t.Errorf("46 stale lookups after the first refreshes ended started %d refreshes; want at least 4", n)
	}
}

// Close cancels the refreshes under way instead of waiting out their
// timeout, and starts no new ones: a server shutting down is not held up
// by a slow Redis.
func TestCloseCancelsRefreshes(t *testing.T) {
	var calls atomic.Int32
	load := func(ctx context.Context, key string) (string, error) {
		if calls.Add(1) == 1 {
			return key, nil
		}
		<-ctx.Done() // Redis hangs
		return "", ctx.Err()
	}
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	c := New(load, Options{Fresh: time.Second, MaxStale: time.Hour, LoadTimeout: 2 * time.Second, Now: clk.Now})
	c.Load(context.Background(), "k")
	clk.Add(time.Minute)
	c.Lookup("k") // starts a refresh, which hangs
	for calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	c.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close with a hung refresh took %s; want it cancelled at once", d)
	}
	clk.Add(time.Minute) // past the failed refresh's RetryAfter
	if v, ok := c.Lookup("k"); v != "k" || !ok {
		t.Errorf("Lookup(k) after Close = %q, %v; want the stale k, true", v, ok)
	}
	c.Wait()
	if n := calls.Load(); n != 2 {
		t.Errorf("loader called %d times after a Lookup following Close; want 2: no refresh after Close", n)
	}
}
