// Package cache is the in-process read cache in front of Redis for the hot
// read paths. It serves a stale entry at once and refreshes it in the
// background (stale-while-revalidate), coalesces concurrent loads of one
// key, and keeps serving what it has while the loader fails, so reads
// survive a Redis outage.
package cache

import (
	"context"
	"sync"
	"time"
)

// Loader fetches the current value of key. Errors are not cached.
type Loader[V any] func(ctx context.Context, key string) (V, error)

// Options tune a Cache.
type Options struct {
	// Fresh is how long an entry is served without a refresh.
	Fresh time.Duration
	// MaxStale is how old an entry may get and still be served at once
	// while it refreshes; older ones are loaded before answering. When
	// that load fails, the old entry is served anyway.
	MaxStale time.Duration
	// MaxEntries bounds memory; past it an arbitrary entry is dropped.
	MaxEntries int
	// MaxRefreshes bounds the background refreshes under way at once, so
	// a burst of stale keys (or Redis being slow) cannot start one
	// goroutine and one Redis call per key; past it, stale values are
	// served and refreshed on a later lookup.
	MaxRefreshes int
	// LoadTimeout bounds a load, in the background or not.
	LoadTimeout time.Duration
	// RetryAfter is how long a failed refresh waits before the next try,
	// so a Redis outage does not start a refresh per request.
	RetryAfter time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

type entry[V any] struct {
	v          V
	at         time.Time // when v was loaded
	refreshing bool
	retryAt    time.Time
	// invalid: a write made v out of date. It is not served by Lookup;
	// Load serves it only when loading fails (Redis down), which beats
	// no answer at all.
	invalid bool
	gen     uint64 // changes on every put and Invalidate
}

type call[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// Cache maps string keys to values of V. It is safe for concurrent use.
type Cache[V any] struct {
	load     Loader[V]
	opts     Options
	mu       sync.Mutex
	entries  map[string]*entry[V]
	inflight map[string]*call[V]
	gen      uint64
	running  int // background refreshes under way
	wg       sync.WaitGroup
	// life ends at Close, cancelling the refreshes under way.
	life context.Context
	end  context.CancelFunc
}

// New returns a cache that fills itself with load.
func New[V any](load Loader[V], opts Options) *Cache[V] {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxEntries < 1 {
		opts.MaxEntries = 100000
	}
	if opts.MaxStale < opts.Fresh {
		opts.MaxStale = opts.Fresh
	}
	if opts.MaxRefreshes < 1 {
		opts.MaxRefreshes = 64
	}
	if opts.LoadTimeout <= 0 {
		opts.LoadTimeout = time.Second
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	c := &Cache[V]{load: load, opts: opts, entries: make(map[string]*entry[V]), inflight: make(map[string]*call[V])}
	c.life, c.end = context.WithCancel(context.Background())
	return c
}

// Lookup returns the cached value of key without waiting for a load. A
// fresh entry is returned as is; a stale one is returned too and refreshed
// in the background. ok is false when there is nothing servable: call Load.
func (c *Cache[V]) Lookup(key string) (v V, ok bool) {
	now := c.opts.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil || e.invalid {
		return v, false
	}
	age := now.Sub(e.at)
	if age < c.opts.Fresh {
		return e.v, true
	}
	if age >= c.opts.MaxStale {
		return v, false
	}
	if !e.refreshing && !now.Before(e.retryAt) && c.running < c.opts.MaxRefreshes && c.life.Err() == nil {
		e.refreshing = true
		c.running++
		c.wg.Add(1)
		go c.refresh(key, e.gen)
	}
	return e.v, true
}

func (c *Cache[V]) refresh(key string, gen uint64) {
	defer c.wg.Done()
	ctx, cancel := context.WithTimeout(c.life, c.opts.LoadTimeout)
	defer cancel()
	v, err := c.load(ctx, key)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running--
	e := c.entries[key]
	if e == nil || e.gen != gen {
		// Invalidated or replaced while loading: the value may predate
		// the write. Whoever changed it owns the entry now.
		return
	}
	e.refreshing = false
	if err != nil {
		e.retryAt = c.opts.Now().Add(c.opts.RetryAfter)
		return
	}
	e.v, e.at = v, c.opts.Now()
}

// Load fetches key, stores and returns it. Concurrent Loads of one key
// share a single call of the loader. If the loader fails and an old entry
// exists, the old value is returned with stale set and no error.
func (c *Cache[V]) Load(ctx context.Context, key string) (v V, stale bool, err error) {
	c.mu.Lock()
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
		case <-ctx.Done():
			return v, false, ctx.Err()
		}
		v, err = cl.v, cl.err
	} else {
		cl := &call[V]{done: make(chan struct{})}
		c.inflight[key] = cl
		c.mu.Unlock()
		// Every caller of key shares this load: one hanging up must not
		// fail it for the others, so it runs on its own clock.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opts.LoadTimeout)
		cl.v, cl.err = c.load(lctx, key)
		cancel()
		c.mu.Lock()
		delete(c.inflight, key)
		if cl.err == nil {
			c.put(key, cl.v)
		}
		c.mu.Unlock()
		close(cl.done)
		v, err = cl.v, cl.err
	}
	if err == nil {
		return v, false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil {
		return e.v, true, nil
	}
	return v, false, err
}

// put stores v under key; c.mu is held.
func (c *Cache[V]) put(key string, v V) {
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.opts.MaxEntries {
		for k := range c.entries { // map order is random: a cheap random eviction
			delete(c.entries, k)
			break
		}
	}
	c.gen++
	c.entries[key] = &entry[V]{v: v, at: c.opts.Now(), gen: c.gen}
}

// Invalidate marks key out of date, so the next read loads it again. The
// old value is kept only as a fallback for when that load fails; a
// refresh already under way for it is discarded.
func (c *Cache[V]) Invalidate(key string) {
	c.mu.Lock()
	if e := c.entries[key]; e != nil {
		c.gen++
		e.invalid, e.refreshing, e.gen = true, false, c.gen
	}
	c.mu.Unlock()
}

// Purge invalidates every entry, as Invalidate does one.
func (c *Cache[V]) Purge() {
	c.mu.Lock()
	c.gen++
	for _, e := range c.entries {
		e.invalid, e.refreshing, e.gen = true, false, c.gen
	}
	c.mu.Unlock()
}

// Len is the number of entries.
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Wait blocks until background refreshes under way have finished.
func (c *Cache[V]) Wait() { c.wg.Wait() }

// Close cancels the background refreshes under way, waits for them to
// return and starts no more; the cache still serves what it holds.
func (c *Cache[V]) Close() {
	c.mu.Lock() // no Lookup between its check and wg.Add
	c.end()
	c.mu.Unlock()
	c.wg.Wait()
}
