package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// More errors callers map to responses.
var (
	// ErrRevoked: an admin revoked this client; its writes are refused.
	ErrRevoked = errors.New("this client was revoked by a moderator")
	// ErrUsed: a mint challenge was already used once.
	ErrUsed = errors.New("this challenge was already used: ask for a new one")
	// ErrFull: Redis is at maxmemory and refuses writes (reads go on).
	ErrFull = errors.New("storage is full")
	// ErrBadCursor: an admin list cursor this server did not give.
	ErrBadCursor = errors.New("bad cursor: use the next value of the previous page")
)

// QuotaError says a client, or its whole network block, used up a daily
// quota of writes.
type QuotaError struct {
	Kind       string // observations, reports; writes for a block's budget
	Limit      int
	Network    bool          // the block's budget, shared by every client in it
	RetryAfter time.Duration // until the next UTC day
}

func (e *QuotaError) Error() string {
	if e.Network {
		return fmt.Sprintf("daily quota of %d %s from your network (shared by everyone on it) used up: try again tomorrow (UTC)", e.Limit, e.Kind)
	}
	return fmt.Sprintf("daily quota of %d %s used up: try again tomorrow (UTC)", e.Limit, e.Kind)
}

// Contributor is who writes, as far as the store needs to know: the client,
// when its token was minted, and a keyed hash of its network block (never
// the address). The caller derives Block.
type Contributor struct {
	ClientID string
	Issued   time.Time
	Block    string
}

// clientScript records that a client wrote today and counts the write
// against its daily quota, in one round trip on the client's slot. It
// answers {-1} when the client is revoked, {-2} over quota, else {used,
// distinct days seen}.
var clientScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[3]) == 1 then return {-1, 0} end
local used = redis.call('INCRBY', KEYS[2], ARGV[2])
if used == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
if used > tonumber(ARGV[3]) then return {-2, 0} end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return {used, redis.call('SCARD', KEYS[1])}
`)

// blockScript spends n of a network block's daily budget of writes
// (ARGV[2]); it answers 0, spending nothing, when they do not fit.
var blockScript = redis.NewScript(`
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if used > tonumber(ARGV[2]) then
  redis.call('DECRBY', KEYS[1], ARGV[1])
  return 0
end
return 1
`)

// checkClient counts n writes of kind against c's network block's daily
// budget (all kinds, all clients of the block) and c's own daily quota,
// and says whether c is trusted: its token is ClientMinAge old and it
// wrote on ClientMinDaysSeen distinct days, today included. The block
// goes first, so that a refused write does not age the client.
func (s *Store) checkClient(ctx context.Context, c Contributor, kind string, n, limit int) (trusted bool, err error) {
	now := s.opts.Now()
	today := dayOf(now)
	next := time.Unix((today+1)*86400, 0)
	var blockKey string
	if budget := s.opts.DailyBlockWrites; budget > 0 {
		blockKey = blockQuotaKey(blockField(c.Block), today)
		ok, err := blockScript.Run(ctx, s.rdb, []string{blockKey}, n, budget, 2*86400).Int()
		if err != nil {
			return false, storageError("check network budget", err)
		}
		if ok == 0 {
			return false, &QuotaError{Kind: "writes", Limit: budget, Network: true, RetryAfter: next.Sub(now)}
		}
	}
	res, err := clientScript.Run(ctx, s.rdb,
		[]string{clientDaysKey(c.ClientID), clientQuotaKey(c.ClientID, kind, today), clientRevokedKey(c.ClientID)},
		today, n, limit, int64(s.opts.ClientTTL/time.Second), 2*86400).Int64Slice()
	if err == nil && res[0] < 0 && blockKey != "" {
		// Refused for the client's own sake: give the block its share
		// back. Should this fail, the block's budget is only the tighter.
		s.rdb.DecrBy(ctx, blockKey, int64(n))
	}
	if err != nil {
		return false, storageError("check client", err)
	}
	switch res[0] {
	case -1:
		return false, ErrRevoked
	case -2:
		return false, &QuotaError{Kind: kind, Limit: limit, RetryAfter: next.Sub(now)}
	}
	aged := !c.Issued.IsZero() && !now.Before(c.Issued.Add(s.opts.ClientMinAge))
	return aged && res[1] >= int64(s.opts.ClientMinDaysSeen), nil
}

// UseChallenge marks a mint challenge as used until it expires; ErrUsed
// when it already was.
func (s *Store) UseChallenge(ctx context.Context, id string, expires time.Time) (err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return err
	}
	defer func() { s.brk.leave(pass, err) }()

	ttl := max(expires.Sub(s.opts.Now()), time.Second)
	ok, err := s.rdb.SetNX(ctx, mintOnceKey(id), 1, ttl).Result()
	if err != nil {
		return storageError("use challenge", err)
	}
	if !ok {
		return ErrUsed
	}
	return nil
}

// RevokeClient refuses the client's further writes and leaves its prices
// and reports out of every count from now on; cached values computed
// before are recomputed.
func (s *Store) RevokeClient(ctx context.Context, clientID string) (err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return err
	}
	defer func() { s.brk.leave(pass, err) }()

	if err := s.rdb.Set(ctx, clientRevokedKey(clientID), 1, s.opts.ClientTTL).Err(); err != nil {
		return storageError("revoke client", err)
	}
	if err := s.rdb.SAdd(ctx, revokedKey(), clientTag(clientID)).Err(); err != nil {
		return storageError("revoke client", err)
	}
	return storageError("revoke client", s.rdb.Incr(ctx, revocationsKey()).Err())
}

// revoked says which of tags belong to revoked clients.
func (s *Store) revoked(ctx context.Context, tags []string) (map[string]bool, error) {
	out := make(map[string]bool)
	if len(tags) == 0 {
		return out, nil
	}
	members := make([]any, len(tags))
	for i, t := range tags {
		members[i] = t
	}
	got, err := s.rdb.SMIsMember(ctx, revokedKey(), members...).Result()
	if err != nil {
		return nil, err
	}
	for i, yes := range got {
		if yes {
			out[tags[i]] = true
		}
	}
	return out, nil
}

// revocations is the count computed values are checked against.
func (s *Store) revocations(ctx context.Context) (int64, error) {
	n, err := s.rdb.Get(ctx, revocationsKey()).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, err
}

// storageError is unavailable, except that a full Redis (maxmemory with
// noeviction) is ErrFull: Redis answers, it only refuses to grow.
func storageError(op string, err error) error {
	if err != nil && redis.HasErrorPrefix(err, "OOM") {
		return fmt.Errorf("%s: %w: %w", op, ErrFull, err)
	}
	return unavailable(op, err)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
