package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

// computedTTL bounds how long a computed baseline or reputation is reused.
// Writes delete it at once; the bound matters for the rolling window
// moving on when nobody writes, and for a write racing a recompute.
const computedTTL = 10 * time.Minute

// computed is the envelope of a cached baseline or reputation. Until is
// checked against the store's clock (not only Redis's TTL) so that a
// report expiring or a day leaving the window is seen on time.
type computed[T any] struct {
	Until int64 `json:"until"` // Unix seconds
	Gen   int64 `json:"gen"`   // revocations when computed
	Found bool  `json:"found"`
	Value T     `json:"value"`
}

// loadComputed reads a cached value. ok is false when there is none, it
// is past its time or unreadable: the caller recomputes.
// A revocation since it was computed makes it stale too.
func loadComputed[T any](ctx context.Context, s *Store, key string) (c computed[T], ok bool, err error) {
	var get, gen *redis.StringCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		get, gen = p.Get(ctx, key), p.Get(ctx, revocationsKey())
		return nil
	})
	if err != nil && err != redis.Nil {
		return c, false, err
	}
	raw, err := get.Bytes()
	if err == redis.Nil {
		return c, false, nil
	}
	if err != nil {
		return c, false, err
	}
	n, err := gen.Int64()
	if err != nil && err != redis.Nil {
		return c, false, err
	}
	if json.Unmarshal(raw, &c) != nil || s.opts.Now().Unix() >= c.Until || c.Gen != n {
		return c, false, nil
	}
	return c, true, nil
}

// saveComputed queues the cached value on p, good until until.
func saveComputed[T any](ctx context.Context, p redis.Pipeliner, key string, until time.Time, gen int64, found bool, v T) {
	j, _ := json.Marshal(computed[T]{Until: until.Unix(), Gen: gen, Found: found, Value: v}) // plain structs: cannot fail
	p.Set(ctx, key, j, computedTTL)
}

// loaded is one of loadComputedMany's answers; ok as for loadComputed.
type loaded[T any] struct {
	computed[T]
	ok bool
}

// loadComputedMany reads many cached values in one pipeline (spread over
// their own slots in a cluster) with the revocation count once.
func loadComputedMany[T any](ctx context.Context, s *Store, keys []string) ([]loaded[T], error) {
	out := make([]loaded[T], len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	gets := make([]*redis.StringCmd, len(keys))
	var gen *redis.StringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		gen = p.Get(ctx, revocationsKey())
		for i, k := range keys {
			gets[i] = p.Get(ctx, k)
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, err
	}
	n, err := gen.Int64()
	if err != nil && err != redis.Nil {
		return nil, err
	}
	now := s.opts.Now().Unix()
	for i, g := range gets {
		raw, err := g.Bytes()
		if err == redis.Nil {
			continue
		}
		if err != nil {
			return nil, err
		}
		c := &out[i]
		c.ok = json.Unmarshal(raw, &c.computed) == nil && now < c.Until && c.Gen == n
	}
	return out, nil
}
