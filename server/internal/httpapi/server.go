// Package httpapi is the Mikiwame HTTP API: routes, handlers, input
// validation, authentication, rate limits, the in-process read caches and
// the metrics. It is the only package of the server that imports Echo (the
// load test does too, as the yardstick it measures against).
package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/server/internal/cache"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

// Options configure the API.
type Options struct {
	// Secret keys the client tokens and the per-IP limiter hash.
	Secret   []byte
	TokenTTL time.Duration
	// AdminToken enables the admin routes; empty answers them 401.
	AdminToken string

	MintPerMinute   int   // per IP
	WritesPerMinute int   // per client
	ReadsPerMinute  int   // per IP, cache misses only, in-process
	BodyLimit       int64 // bytes

	// CacheFresh is how long a cached read is served before a background
	// refresh; the entry is served stale for up to an hour while the
	// refresh runs or while Redis is down.
	CacheFresh time.Duration

	// TrustedProxies are the peers whose X-Forwarded-For is believed: the
	// client is the right-most address in it that is not one of them.
	// Empty: the peer address, always.
	TrustedProxies []netip.Prefix

	// MintDifficulty is the leading zero bits of the mint's proof of work;
	// MintPerBlockPerMinute limits mints per /24 (IPv4) or /48 (IPv6) on
	// top of MintPerMinute per address.
	MintDifficulty        int
	MintPerBlockPerMinute int
	// AdminFailuresPerMinute is how many failed admin logins an address
	// may make a minute (per server) before it is refused outright.
	AdminFailuresPerMinute int

	Logger  *slog.Logger
	Metrics *Metrics // nil: a new one on its own registry
	Now     func() time.Time
}

// Server serves the API.
type Server struct {
	store      *store.Store
	opts       Options
	log        *slog.Logger
	metrics    *Metrics
	tokens     *token.Issuer
	work       *token.Work
	ipKey      []byte
	blockKey   []byte
	reads      *windowLimiter
	challenges *windowLimiter
	adminFails *windowLimiter
	// The bucket answers by prefix, encoded and compressed once per load:
	// encoding on every hit cost 7 % of the server's CPU on the hot path.
	baselineBuckets *cache.Cache[bucketAnswer]
	sellerBuckets   *cache.Cache[bucketAnswer]
	// bucketCacheControl is the bucket answers' Cache-Control (maxAge).
	bucketCacheControl []string
	echo               *echo.Echo
}

// maxStale is how long a cached read may be served while its refresh is
// under way or failing (Redis down).
const maxStale = time.Hour

// New returns the API over st.
func New(st *store.Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MintPerBlockPerMinute < 1 {
		opts.MintPerBlockPerMinute = 2 * opts.MintPerMinute
	}
	if opts.AdminFailuresPerMinute < 1 {
		opts.AdminFailuresPerMinute = 10
	}
	s := &Server{
		store:   st,
		opts:    opts,
		log:     opts.Logger,
		metrics: opts.Metrics,
		tokens:  token.NewIssuer(opts.Secret, opts.TokenTTL, opts.Now),
		work:    token.NewWork(opts.Secret, opts.MintDifficulty, challengeTTL, opts.Now),
		ipKey:   token.Derive(opts.Secret, "ip-limit"),
		// Its own key: what a contribution carries cannot be matched with
		// the limiter buckets.
		blockKey:   token.Derive(opts.Secret, "network-block"),
		reads:      newWindowLimiter(opts.ReadsPerMinute, time.Minute, opts.Now),
		challenges: newWindowLimiter(opts.ReadsPerMinute, time.Minute, opts.Now),
		adminFails: newWindowLimiter(opts.AdminFailuresPerMinute, time.Minute, opts.Now),
	}
	copts := cache.Options{Fresh: opts.CacheFresh, MaxStale: maxStale, MaxEntries: 200000, LoadTimeout: time.Second, Now: opts.Now}
	s.baselineBuckets = cache.New(s.loadBaselineBucket, copts)
	s.sellerBuckets = cache.New(s.loadSellerBucket, copts)
	s.bucketCacheControl = maxAge(opts.CacheFresh)

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(opts.TrustedProxies)
	e.Use(s.observe, s.recover)
	s.routes(e)
	s.echo = e
	return s
}

// challengeTTL is how long a mint challenge may take to solve.
const challengeTTL = 5 * time.Minute

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// MetricsHandler serves /metrics; main puts it on a listener of its own
// (MIKIWAME_METRICS_ADDR), never on the public one.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.Handler() }

// Close cancels the background cache refreshes and waits for them to
// return.
func (s *Server) Close() {
	s.baselineBuckets.Close()
	s.sellerBuckets.Close()
}

// observe records metrics and, at debug level, logs each request. Errors
// are rendered here so the recorded status is the one sent.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		status := c.Response().Status
		d := time.Since(start)
		s.metrics.request(c.Request().Method, route, status, d)
		if s.log.Enabled(c.Request().Context(), slog.LevelDebug) {
			s.log.Debug("Served a request", "method", c.Request().Method, "route", route, "status", status, "duration_ms", float64(d.Microseconds())/1000)
		}
		return nil
	}
}

// recover turns a panic in a handler into a 500, logged with its stack.
// (Echo's own Recover lives in a package that pulls in another module.)
func (s *Server) recover(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("Handler panicked", "route", c.Path(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}
