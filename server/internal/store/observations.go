package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/pricing"
	"github.com/redis/go-redis/v9"
)

func dayOf(t time.Time) int64 { return t.Unix() / 86400 }

// clientTagLen is how many bytes of a hash of the client ID name a
// contributor in a product's hash. 48 bits tell a product's contributors
// apart: two of 10,000 collide with a chance of about 1 in 5 million, and
// a collision merges two votes into one.
const clientTagLen = 6

func clientTag(clientID string) string {
	h := sha256.Sum256([]byte(clientID))
	return string(h[:clientTagLen])
}

// observationField names a client's observation of a day in a product's
// hash: the client tag, then the day (days since the Unix epoch, UTC) as
// 2 bytes big-endian. Short binary fields keep a product with 100
// observations at about 1.6 KB in Redis; the text "day:clientID" took
// 3.6 KB (measured with MEMORY USAGE by the load test).
func observationField(tag string, day int64) string {
	var d [2]byte
	binary.BigEndian.PutUint16(d[:], uint16(day))
	return tag + string(d[:])
}

// parseObservationField splits a field; its day is the one nearest today
// with the same low 16 bits, so the days wrap harmlessly and a server
// whose clock is a little ahead does not lose observations. Fields of
// another layout are not ok: the caller prunes them.
func parseObservationField(f string, today int64) (tag string, day int64, ok bool) {
	if len(f) != clientTagLen+2 {
		return "", 0, false
	}
	low := binary.BigEndian.Uint16([]byte(f[clientTagLen:]))
	return f[:clientTagLen], today - int64(int16(uint16(today)-low)), true
}

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

	field := observationField(clientTag(clientID), dayOf(s.opts.Now()))
	ttl := s.opts.BaselineWindow + 24*time.Hour
	// Products spread over cluster slots, so this is a plain pipeline, not
	// a transaction; each product's three commands share a slot.
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, o := range obs {
			k := observationsKey(o.Marketplace, o.ASIN)
			p.HSet(ctx, k, field, o.Price)
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
		client, day, ok := parseObservationField(f, dayOf(now))
		price, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil || day <= oldest {
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
