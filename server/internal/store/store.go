// Package store keeps the server's state in Redis (one node or a Redis
// Cluster, through redis.UniversalClient): price observations and their
// baselines, seller reports, and the rate-limit buckets. It is the only
// package that imports go-redis.
package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Errors callers map to responses.
var (
	// ErrNotFound: nothing to return (a baseline with too few contributors).
	ErrNotFound = errors.New("not found")
	// ErrUnavailable wraps every Redis failure: timeouts, refused
	// connections, cluster errors.
	ErrUnavailable = errors.New("storage unavailable")
)

// Options say where Redis is and how the data ages.
type Options struct {
	URL          string   // one node: redis://, rediss:// or unix://
	ClusterAddrs []string // Redis Cluster seed nodes; takes the place of URL
	// Timeout bounds dialing, reading and writing. The go-redis defaults
	// (5 s, 3 retries) turn a hung Redis into 5 s stalls; short timeouts
	// and one retry turn it into quick 503s.
	Timeout time.Duration

	BaselineWindow  time.Duration // observations older than this no longer count
	MinContributors int           // fewer distinct clients: no baseline
	ReportTTL       time.Duration // reports older than this expire

	// Trust: a client's writes count once its token is ClientMinAge old
	// and it wrote on ClientMinDaysSeen distinct days; ClientTTL is how
	// long what the store knows of a client lives (the token's lifetime).
	ClientMinAge      time.Duration
	ClientMinDaysSeen int
	ClientTTL         time.Duration
	// Bounds: writes per client and day, entries (network blocks) per
	// product or seller, and how far outside an established range a price
	// may be (factor) before it is dropped.
	DailyObservations int
	DailyReports      int
	// DailyBlockWrites is a network block's budget of observations and
	// reports a UTC day, all its clients together: minting more tokens
	// does not raise it. 0 means no budget.
	DailyBlockWrites int
	MaxEntriesPerKey int
	OutlierFactor    int

	// OnError, when set, is called for every failed Redis command (not for
	// a missing key), e.g. to count them in metrics.
	OnError func(err error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Store is the server's Redis-backed state. It is safe for concurrent use.
type Store struct {
	rdb     redis.UniversalClient
	limiter *redis_rate.Limiter
	opts    Options
	brk     *breaker
}

// Open connects to Redis as opts say. It does not wait for Redis to answer:
// the server starts while Redis is down and /readyz tells the difference.
func Open(opts Options) (*Store, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 100 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MinContributors < 1 {
		opts.MinContributors = 1
	}
	if opts.ClientMinDaysSeen < 1 {
		opts.ClientMinDaysSeen = 1
	}
	if opts.ClientTTL <= 0 {
		opts.ClientTTL = 365 * 24 * time.Hour
	}
	if opts.DailyObservations < 1 {
		opts.DailyObservations = 500
	}
	if opts.DailyReports < 1 {
		opts.DailyReports = 20
	}
	if opts.MaxEntriesPerKey < 1 {
		opts.MaxEntriesPerKey = 500
	}
	if opts.OutlierFactor < 2 {
		opts.OutlierFactor = 3
	}
	u := &redis.UniversalOptions{
		DialTimeout:           opts.Timeout,
		ReadTimeout:           opts.Timeout,
		WriteTimeout:          opts.Timeout,
		PoolTimeout:           opts.Timeout,
		ContextTimeoutEnabled: true,
		MaxRetries:            1,
		DialerRetries:         1,
		DialerRetryTimeout:    10 * time.Millisecond,
		DisableIdentity:       true,
		// go-redis stops dialing after PoolSize failed dials in a row and
		// then redials once a second, which adds up to a second to every
		// recovery. Its default pool (10 per CPU) reaches that within a
		// couple of seconds of an outage under load; a larger pool, whose
		// connections are still only opened on demand, takes tens of
		// seconds with the breaker's backed-off probes.
		PoolSize: max(100, 10*runtime.GOMAXPROCS(0)),
		// Maintenance notifications are a Redis Enterprise / 8.x feature; on
		// other servers the probe is one failed command per connection.
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	}
	switch {
	case len(opts.ClusterAddrs) > 0:
		u.Addrs = opts.ClusterAddrs
		u.IsClusterMode = true
	case opts.URL != "":
		o, err := redis.ParseURL(opts.URL)
		if err != nil {
			return nil, fmt.Errorf("parse redis url: %w", err)
		}
		u.Addrs = []string{o.Addr}
		u.Username, u.Password, u.DB, u.TLSConfig = o.Username, o.Password, o.DB, o.TLSConfig
		if o.Network == "unix" {
			u.Dialer = func(ctx context.Context, _, addr string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", addr)
			}
		}
	default:
		return nil, errors.New("no redis configured: give a URL or cluster addresses")
	}
	quietOnce.Do(func() { redis.SetLogger(quietLogger{}) })
	rdb := redis.NewUniversalClient(u)
	if opts.OnError != nil {
		rdb.AddHook(errorHook{opts.OnError})
	}
	var reload func()
	if c, ok := rdb.(*redis.ClusterClient); ok {
		// Reloads in the background, at most one at a time.
		reload = func() { c.ReloadState(context.Background()) }
	}
	return &Store{rdb: rdb, limiter: redis_rate.NewLimiter(rdb), opts: opts, brk: newBreaker(probeEvery*opts.Timeout, time.Now, reload)}, nil
}

// Close releases the connections.
func (s *Store) Close() error { return s.rdb.Close() }

// Ping reports whether Redis answers (every node's, in a cluster).
func (s *Store) Ping(ctx context.Context) (err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return err
	}
	defer func() { s.brk.leave(pass, err) }()

	if c, ok := s.rdb.(*redis.ClusterClient); ok {
		err := c.ForEachShard(ctx, func(ctx context.Context, n *redis.Client) error {
			return n.Ping(ctx).Err()
		})
		return unavailable("ping", err)
	}
	return unavailable("ping", s.rdb.Ping(ctx).Err())
}

// unavailable wraps a Redis error (not redis.Nil) in ErrUnavailable.
func unavailable(op string, err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return nil
	}
	return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, err)
}

// failed tells real failures from answers: redis.Nil (no such key), and
// NOSCRIPT, which makes go-redis send a script's body after trying its
// hash (the first rate-limit call on every Redis node).
func failed(err error) bool {
	return err != nil && !errors.Is(err, redis.Nil) && !redis.HasErrorPrefix(err, "NOSCRIPT")
}

// errorHook reports failed commands.
type errorHook struct{ report func(error) }

func (h errorHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h errorHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if failed(err) {
			h.report(err)
		}
		return err
	}
}

func (h errorHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		if failed(err) {
			h.report(err)
		}
		return err
	}
}

// Limit is the answer of a rate limiter.
type Limit struct {
	Allowed    bool
	RetryAfter time.Duration // when not allowed: how long until one more is
}

// Allow takes one token from the bucket kind/id that refills perMinute
// tokens a minute with a burst of perMinute (GCRA, by redis_rate). The
// bucket key expires by itself once the bucket is full again.
func (s *Store) Allow(ctx context.Context, kind, id string, perMinute int) (_ Limit, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return Limit{}, err
	}
	defer func() { s.brk.leave(pass, err) }()

	res, err := s.limiter.Allow(ctx, limitKey(kind, id), redis_rate.PerMinute(perMinute))
	if err != nil {
		return Limit{}, storageError("rate limit", err)
	}
	if res.Allowed > 0 {
		return Limit{Allowed: true}, nil
	}
	return Limit{RetryAfter: res.RetryAfter}, nil
}

var quietOnce sync.Once

// quietLogger drops go-redis's own log lines (one per failed dial while
// Redis is down); failures reach the caller as errors and the metrics
// through OnError instead.
type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}
