package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/pricing"
	"github.com/redis/go-redis/v9"
)

func dayOf(t time.Time) int64 { return t.Unix() / 86400 }

// AddObservations records prices clientID saw. Per client, product and day
// only the last one counts. The caller has validated them.
func (s *Store) AddObservations(ctx context.Context, clientID string, obs []market.Observation) (err error) {
	if len(obs) == 0 {
		return nil // before the breaker: this is no probe of Redis
	}
	probe, err := s.brk.enter()
	if err != nil {
		return err
	}
	defer func() { s.brk.leave(probe, err) }()

	day := strconv.FormatInt(dayOf(s.opts.Now()), 10)
	ttl := s.opts.BaselineWindow + 24*time.Hour
	// Products spread over cluster slots, so this is a plain pipeline, not
	// a transaction; each product's three commands share a slot.
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, o := range obs {
			k := observationsKey(o.Marketplace, o.ASIN)
			p.HSet(ctx, k, day+":"+clientID, o.Price)
			p.Expire(ctx, k, ttl)
			p.Del(ctx, baselineKey(o.Marketplace, o.ASIN))
		}
		return nil
	})
	return unavailable("add observations", err)
}

// Baseline returns the crowd baseline of a product, computing and caching
// it when needed. ErrNotFound means fewer than MinContributors clients.
func (s *Store) Baseline(ctx context.Context, m market.Marketplace, asin string) (_ market.Baseline, err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return market.Baseline{}, err
	}
	defer func() { s.brk.leave(probe, err) }()

	c, ok, err := loadComputed[market.Baseline](ctx, s, baselineKey(m, asin))
	switch {
	case err != nil:
		return market.Baseline{}, unavailable("read baseline", err)
	case ok && !c.Found:
		// Too few contributors is cached too, so lookups of obscure
		// products stay cheap.
		return market.Baseline{}, ErrNotFound
	case ok:
		return c.Value, nil
	}
	return s.computeBaseline(ctx, m, asin)
}

func (s *Store) computeBaseline(ctx context.Context, m market.Marketplace, asin string) (market.Baseline, error) {
	k := observationsKey(m, asin)
	fields, err := s.rdb.HGetAll(ctx, k).Result()
	if err != nil {
		return market.Baseline{}, unavailable("read observations", err)
	}
	now := s.opts.Now()
	oldest := dayOf(now.Add(-s.opts.BaselineWindow))
	var points []pricing.Point
	var stale []string
	for f, v := range fields {
		d, client, ok := strings.Cut(f, ":")
		day, err1 := strconv.ParseInt(d, 10, 64)
		price, err2 := strconv.ParseInt(v, 10, 64)
		if !ok || err1 != nil || err2 != nil || day <= oldest {
			stale = append(stale, f)
			continue
		}
		points = append(points, pricing.Point{Client: client, Price: price})
	}
	r := pricing.Crowd(points)
	b := market.Baseline{
		Median: r.Median, P25: r.P25, P75: r.P75, N: r.N, Contributors: r.Contributors,
		Currency: m.Currency(), UpdatedAt: now.UTC().Truncate(time.Second),
	}
	found := r.Contributors >= s.opts.MinContributors
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if len(stale) > 0 {
			p.HDel(ctx, k, stale...)
		}
		saveComputed(ctx, p, baselineKey(m, asin), now.Add(computedTTL), found, b)
		return nil
	})
	if err != nil {
		return market.Baseline{}, unavailable("cache baseline", err)
	}
	if !found {
		return market.Baseline{}, ErrNotFound
	}
	return b, nil
}
