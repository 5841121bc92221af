package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// source is a loader whose answer and failure the test controls.
type source struct {
	calls atomic.Int32
	value atomic.Int64
	fail  atomic.Bool
	gate  chan struct{} // when set, loads wait on it
}

func (s *source) load(ctx context.Context, key string) (string, error) {
	s.calls.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	if s.fail.Load() {
		return "", errors.New("redis down")
	}
	return fmt.Sprintf("%s=%d", key, s.value.Load()), nil
}

func setup() (*source, *clock, *Cache[string]) {
	src := &source{}
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	c := New(src.load, Options{Fresh: 30 * time.Second, MaxStale: 10 * time.Minute, MaxEntries: 3, RetryAfter: time.Second, Now: clk.Now})
	return src, clk, c
}

func TestLookupLoad(t *testing.T) {
	src, clk, c := setup()
	ctx := context.Background()
	if _, ok := c.Lookup("a"); ok {
		t.Fatalf("Lookup(a) on an empty cache ok = true; want false")
	}
	if v, stale, err := c.Load(ctx, "a"); v != "a=0" || stale || err != nil {
		t.Fatalf("Load(a) = %q, %v, %v; want a=0, false, nil", v, stale, err)
	}
	// Fresh: served without calling the loader.
	src.value.Store(1)
	if v, ok := c.Lookup("a"); v != "a=0" || !ok || src.calls.Load() != 1 {
		t.Fatalf("Lookup(a) fresh = %q, %v after %d loads; want a=0, true after 1", v, ok, src.calls.Load())
	}
	// Stale: the old value at once, the new one after the background refresh.
	clk.Add(time.Minute)
	if v, ok := c.Lookup("a"); v != "a=0" || !ok {
		t.Fatalf("Lookup(a) stale = %q, %v; want a=0, true", v, ok)
	}
	c.Wait()
	if v, _ := c.Lookup("a"); v != "a=1" {
		t.Fatalf("Lookup(a) after refresh = %q; want a=1", v)
	}
	// Too old: not served by Lookup; Load fetches it.
	clk.Add(time.Hour)
	if _, ok := c.Lookup("a"); ok {
		t.Fatalf("Lookup(a) past MaxStale ok = true; want false")
	}
	// Invalidate drops it.
	c.Load(ctx, "a")
	c.Invalidate("a")
	if _, ok := c.Lookup("a"); ok {
		t.Fatalf("Lookup(a) after Invalidate ok = true; want false")
	}
}

func TestServesStaleWhileLoaderFails(t *testing.T) {
	src, clk, c := setup()
	ctx := context.Background()
	c.Load(ctx, "a")
	src.fail.Store(true)
	src.value.Store(9)

	clk.Add(time.Minute)
	before := src.calls.Load()
	for range 100 {
		if v, ok := c.Lookup("a"); v != "a=0" || !ok {
			t.Fatalf("Lookup(a) while failing = %q, %v; want a=0, true", v, ok)
		}
		c.Wait()
	}
	// One failed refresh, then it waits RetryAfter before the next.
	if n := src.calls.Load() - before; n != 1 {
		t.Errorf("loader called %d times for 100 stale lookups while failing; want 1", n)
	}
	// Past MaxStale, Load falls back to the old value rather than fail.
	clk.Add(time.Hour)
	if v, stale, err := c.Load(ctx, "a"); v != "a=0" || !stale || err != nil {
		t.Errorf("Load(a) while failing = %q, %v, %v; want a=0, true, nil", v, stale, err)
	}
	if _, _, err := c.Load(ctx, "never-seen"); err == nil {
		t.Errorf("Load(never-seen) while failing error = nil; want the loader's error")
	}
	// Recovery: the next load succeeds by itself.
	src.fail.Store(false)
	if v, stale, err := c.Load(ctx, "a"); v != "a=9" || stale || err != nil {
		t.Errorf("Load(a) after recovery = %q, %v, %v; want a=9, false, nil", v, stale, err)
	}
}

func TestLoadCoalesces(t *testing.T) {
	src, _, c := setup()
	src.gate = make(chan struct{})
	var wg sync.WaitGroup
	results := make([]string, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _, _ = c.Load(context.Background(), "k")
		}()
	}
	// Let every goroutine reach the cache before the load completes.
	for c.inflightCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(src.gate)
	wg.Wait()
	if n := src.calls.Load(); n != 1 {
		t.Errorf("20 concurrent Loads called the loader %d times; want 1", n)
	}
	for i, r := range results {
		if r != "k=0" {
			t.Errorf("Load #%d = %q; want k=0", i, r)
		}
	}
}

func TestMaxEntries(t *testing.T) {
	_, _, c := setup()
	for i := range 10 {
		c.Load(context.Background(), fmt.Sprint(i))
	}
	if n := c.Len(); n != 3 {
		t.Errorf("Len after 10 loads with MaxEntries 3 = %d; want 3", n)
	}
}

func (c *Cache[V]) inflightCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.inflight)
}
