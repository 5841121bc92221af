package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/pricing"
	"github.com/redis/go-redis/v9"
)

func dayOf(t time.Time) int64 { return t.Unix() / 86400 }

// clientTagLen is how many bytes of a hash of the client ID name a
// contributor in a product's entries. 48 bits tell a product's
// contributors apart: two of 10,000 collide with a chance of about 1 in 5
// million, and a collision merges two votes into one.
const clientTagLen = 6

func clientTag(clientID string) string {
	h := sha256.Sum256([]byte(clientID))
	return string(h[:clientTagLen])
}

// observationField is the head of an entry: the client tag, then the day
// (days since the Unix epoch, UTC) as 2 bytes big-endian. The price
// follows in decimal. Short binary fields keep a product with 100
// observations small in Redis (measured with MEMORY USAGE by the load
// test).
func observationField(tag string, day int64) string {
	var d [2]byte
	binary.BigEndian.PutUint16(d[:], uint16(day))
	return tag + string(d[:])
}

// parseObservationField splits an entry's head; its day is the one nearest
// today with the same low 16 bits, so the days wrap harmlessly and a
// server whose clock is a little ahead does not lose observations. Entries
// of another layout are not ok: the caller prunes them.
func parseObservationField(f string, today int64) (tag string, day int64, ok bool) {
	if len(f) != clientTagLen+2 {
		return "", 0, false
	}
	low := binary.BigEndian.Uint16([]byte(f[clientTagLen:]))
	return f[:clientTagLen], today - int64(int16(uint16(today)-low)), true
}

// blockLen is the length of a network block's hash as the store keeps it:
// 32 bits. Two of 10,000 blocks collide with a chance of about 1 in 100,
// which merges them into one.
const blockLen = 4

// blockField is the caller's block hash as the store keeps it; a hash of
// another length is hashed again to fit.
func blockField(block string) string {
	if len(block) == blockLen {
		return block
	}
	h := sha256.Sum256([]byte(block))
	return string(h[:blockLen])
}

// boundedWrite stores one entry of a product or seller: at most one per
// network block, the newest MaxEntriesPerKey blocks kept (the oldest are
// dropped), so a key's size has a bound whatever the number of
// contributors. For a price (ARGV[6] > 0) it first checks the product's
// established range and answers 0, storing nothing, when the price is
// more than ARGV[7] times outside it. KEYS: hash, order, range, cached
// value to delete. ARGV: field, value, score, max, ttl ms, price, factor.
var boundedWrite = redis.NewScript(`
local price = tonumber(ARGV[6])
if price > 0 then
  local r = redis.call('GET', KEYS[3])
  if r then
    local lo, hi = string.match(r, '^(%d+) (%d+)$')
    local f = tonumber(ARGV[7])
    if lo and (price * f < tonumber(lo) or price > tonumber(hi) * f) then return 0 end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local n = redis.call('ZCARD', KEYS[2])
local max = tonumber(ARGV[4])
if n > max then
  local old = redis.call('ZPOPMIN', KEYS[2], n - max)
  for i = 1, #old, 2 do redis.call('HDEL', KEYS[1], old[i]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('DEL', KEYS[4])
return 1
`)

// runBounded queues boundedWrite on p by its hash; the caller retries with
// the script's body when Redis does not know it yet (NOSCRIPT).
func runBounded(ctx context.Context, p redis.Pipeliner, withBody bool, keys []string, args ...any) *redis.Cmd {
	if withBody {
		return boundedWrite.Eval(ctx, p, keys, args...)
	}
	return boundedWrite.EvalSha(ctx, p, keys, args...)
}

// pipelineScripts runs queue, which queues boundedWrite calls, once by
// hash and, if Redis lacked the script, once more with its body.
func (s *Store) pipelineScripts(ctx context.Context, queue func(p redis.Pipeliner, withBody bool) []*redis.Cmd) ([]*redis.Cmd, error) {
	var cmds []*redis.Cmd
	for _, withBody := range []bool{false, true} {
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			cmds = queue(p, withBody)
			return nil
		})
		if err == nil || withBody || !redis.HasErrorPrefix(err, "NOSCRIPT") {
			return cmds, err
		}
	}
	return cmds, nil
}

// AddedObservations says what became of the observations of one write.
type AddedObservations struct {
	Counted  int // stored and counted in baselines
	Pending  int // stored, counted once the client is trusted
	Outliers int // dropped: far outside the product's established range
}

// AddObservations records prices c saw, one entry per product and network
// block (the newest wins). The caller has validated them. Until c is
// trusted they are stored apart and not counted.
func (s *Store) AddObservations(ctx context.Context, c Contributor, obs []market.Observation) (_ AddedObservations, err error) {
	if len(obs) == 0 {
		return AddedObservations{}, nil // before the breaker: this is no probe of Redis
	}
	pass, err := s.brk.enter()
	if err != nil {
		return AddedObservations{}, err
	}
	defer func() { s.brk.leave(pass, err) }()

	trusted, err := s.checkClient(ctx, c, "observations", len(obs), s.opts.DailyObservations)
	if err != nil {
		return AddedObservations{}, err
	}
	now := s.opts.Now()
	value := observationField(clientTag(c.ClientID), dayOf(now))
	ttl := s.opts.BaselineWindow + 24*time.Hour
	// Products spread over cluster slots, so this is a plain pipeline, not
	// a transaction; each product's script runs on its own slot.
	var blocks []*redis.IntCmd // counted entries per product, for the bucket index
	cmds, err := s.pipelineScripts(ctx, func(p redis.Pipeliner, withBody bool) []*redis.Cmd {
		out := make([]*redis.Cmd, 0, len(obs))
		blocks = blocks[:0]
		for _, o := range obs {
			k := productEntries(o.Marketplace, o.ASIN, trusted)
			out = append(out, runBounded(ctx, p, withBody,
				[]string{k.hash, k.order, rangeKey(o.Marketplace, o.ASIN), baselineKey(o.Marketplace, o.ASIN)},
				blockField(c.Block), value+strconv.FormatInt(o.Price, 10), now.Unix(), s.opts.MaxEntriesPerKey,
				ttl.Milliseconds(), o.Price, s.opts.OutlierFactor))
			if trusted {
				blocks = append(blocks, p.HLen(ctx, k.hash))
			}
		}
		return out
	})
	if err != nil {
		return AddedObservations{}, storageError("add observations", err)
	}
	if trusted {
		if err := s.indexProducts(ctx, obs, cmds, blocks, now, ttl); err != nil {
			return AddedObservations{}, storageError("index observations", err)
		}
	}
	var a AddedObservations
	for _, cmd := range cmds {
		switch n, _ := cmd.Int(); {
		case n == 0:
			a.Outliers++
		case trusted:
			a.Counted++
		default:
			a.Pending++
		}
	}
	return a, nil
}

// Baseline returns the crowd baseline of a product, computing and caching
// it when needed. ErrNotFound means fewer than MinContributors trusted
// clients in distinct network blocks.
func (s *Store) Baseline(ctx context.Context, m market.Marketplace, asin string) (_ market.Baseline, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return market.Baseline{}, err
	}
	defer func() { s.brk.leaveKey(pass, observationsKey(m, asin), err) }()

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
	gen, err := s.revocations(ctx)
	if err != nil {
		return market.Baseline{}, unavailable("read revocations", err)
	}
	k := observationsKey(m, asin)
	// Bounded by MaxEntriesPerKey: one entry per network block.
	fields, err := s.rdb.HGetAll(ctx, k).Result()
	if err != nil {
		return market.Baseline{}, unavailable("read observations", err)
	}
	now := s.opts.Now()
	today, oldest := dayOf(now), dayOf(now.Add(-s.opts.BaselineWindow))
	type entry struct {
		tag   string
		price int64
	}
	var entries []entry
	var stale []string
	for f, v := range fields {
		var (
			tag   string
			day   int64
			ok    = len(f) == blockLen && len(v) > clientTagLen+2
			price int64
		)
		if ok {
			tag, day, ok = parseObservationField(v[:clientTagLen+2], today)
			price, err = strconv.ParseInt(v[clientTagLen+2:], 10, 64)
		}
		if !ok || err != nil || day <= oldest {
			stale = append(stale, f)
			continue
		}
		entries = append(entries, entry{tag, price})
	}
	tags := make([]string, len(entries))
	for i, e := range entries {
		tags[i] = e.tag
	}
	revoked, err := s.revoked(ctx, tags)
	if err != nil {
		return market.Baseline{}, unavailable("read revoked clients", err)
	}
	points := make([]pricing.Point, 0, len(entries))
	for _, e := range entries {
		if !revoked[e.tag] {
			points = append(points, pricing.Point{Client: e.tag, Price: e.price})
		}
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
			p.ZRem(ctx, productEntries(m, asin, true).order, toAny(stale)...)
		}
		if found {
			p.Set(ctx, rangeKey(m, asin), fmt.Sprintf("%d %d", b.P25, b.P75), s.opts.BaselineWindow)
		} else {
			p.Del(ctx, rangeKey(m, asin))
		}
		saveComputed(ctx, p, baselineKey(m, asin), now.Add(computedTTL), gen, found, b)
		return nil
	})
	// A full Redis cannot cache the result, but the reader still gets it.
	if err != nil && !errors.Is(storageError("", err), ErrFull) {
		return market.Baseline{}, unavailable("cache baseline", err)
	}
	if !found {
		return market.Baseline{}, ErrNotFound
	}
	return b, nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
