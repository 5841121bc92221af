package store

import (
	"context"
	"errors"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// ProductMemory is how many bytes Redis spends on one product (MEMORY
// USAGE, every element counted): its counted observations with their
// order, and its cached baseline. It sizes a deployment; the load test
// prints it.
func (s *Store) ProductMemory(ctx context.Context, m market.Marketplace, asin string) (observations, baseline int64, err error) {
	sizes := make([]int64, 3)
	for i, k := range []string{observationsKey(m, asin), baselineKey(m, asin), productEntries(m, asin, true).order} {
		n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		if errors.Is(err, redis.Nil) {
			continue // no such key: no bytes
		}
		if err != nil {
			return 0, 0, unavailable("memory usage", err)
		}
		sizes[i] = n
	}
	return sizes[0] + sizes[2], sizes[1], nil
}
