package store

import (
	"context"

	"github.com/mikiwame/mikiwame/internal/market"
)

// ProductMemory is how many bytes Redis spends on one product (MEMORY
// USAGE, every element counted): its observations hash and its cached
// baseline. It sizes a deployment; the load test prints it.
func (s *Store) ProductMemory(ctx context.Context, m market.Marketplace, asin string) (observations, baseline int64, err error) {
	sizes := make([]int64, 2)
	for i, k := range []string{observationsKey(m, asin), baselineKey(m, asin)} {
		n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		if err != nil {
			return 0, 0, unavailable("memory usage", err)
		}
		sizes[i] = n
	}
	return sizes[0], sizes[1], nil
}
