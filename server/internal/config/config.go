// Package config reads the server's settings from environment variables
// into a typed struct. Load takes the environment as a slice so tests need
// no os.Setenv.
package config

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/score"
)

// Config is every setting of the API server.
type Config struct {
	Addr string // MIKIWAME_ADDR

	// RedisURL is one Redis node; RedisClusterAddrs a Redis Cluster. Both
	// empty means the embedded in-memory store (nothing survives a restart).
	RedisURL          string
	RedisClusterAddrs []string
	RedisTimeout      time.Duration

	AdminToken string

	// HMACSecret signs client tokens and keys the per-IP limiter hash.
	// HMACSecretGenerated is true when it was made up at start, so tokens
	// will not survive a restart.
	HMACSecret          []byte
	HMACSecretGenerated bool
	TokenTTL            time.Duration

	MintPerMinute   int   // token mints per IP per minute
	WritesPerMinute int   // observation and report posts per client per minute
	ReadsPerMinute  int   // cache-missing reads per IP per minute (in-process)
	BodyLimit       int64 // request body bytes

	BaselineWindow time.Duration
	// MinContributors: fewer distinct clients and the server publishes no
	// baseline. It defaults to, and may not go below, the number the
	// scorer itself demands (score.Default.CrowdMinContributors): a
	// baseline the extension would ignore is not worth publishing, and a
	// lower setting here would do nothing. It may be higher.
	MinContributors int
	ReportTTL       time.Duration
	CacheFresh      time.Duration // how long a cached read is served without a refresh

	ShutdownTimeout time.Duration

	// TrustedProxies are the peers whose X-Forwarded-For is believed; the
	// client is the right-most address not in them.
	TrustedProxies []netip.Prefix
	MetricsAddr    string // its own listener for /metrics

	Trust Trust

	LogLevel  slog.Level
	LogFormat string // text or json
}

// Trust is what a contribution must cost and how long a client must be
// around before its prices and reports count.
type Trust struct {
	MintDifficulty         int // leading zero bits of the mint's proof of work
	MintPerBlockPerMinute  int // mints per /24 (IPv4) or /48 (IPv6) a minute
	ClientMinAge           time.Duration
	ClientMinDaysSeen      int // distinct UTC days with a write
	DailyObservations      int // per client
	DailyReports           int // per client
	DailyBlockWrites       int // observations + reports per /24 or /48, all its clients
	MaxEntriesPerKey       int // newest network blocks kept per product or seller
	OutlierFactor          int // prices beyond p25/f or p75*f of an established baseline are dropped
	AdminFailuresPerMinute int // failed admin logins per IP
}

// Embedded reports whether no Redis was configured.
func (c *Config) Embedded() bool { return c.RedisURL == "" && len(c.RedisClusterAddrs) == 0 }

const day = 24 * time.Hour

// Load reads the configuration from environ ("KEY=value" entries, as
// os.Environ returns them), applies defaults and validates the result.
func Load(environ []string) (*Config, error) {
	env := make(map[string]string)
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if strings.HasPrefix(k, "MIKIWAME_") || k == "REDIS_URL" || k == "REDIS_CLUSTER_ADDRS" {
			env[k] = strings.TrimSpace(v)
		}
	}
	p := parser{env: env}
	c := &Config{
		Addr:              p.str("MIKIWAME_ADDR", "127.0.0.1:8080"),
		RedisURL:          p.str("REDIS_URL", ""),
		RedisClusterAddrs: p.list("REDIS_CLUSTER_ADDRS"),
		RedisTimeout:      p.duration("MIKIWAME_REDIS_TIMEOUT", 100*time.Millisecond),
		AdminToken:        p.str("MIKIWAME_ADMIN_TOKEN", ""),
		TokenTTL:          p.days("MIKIWAME_TOKEN_TTL_DAYS", 365),
		MintPerMinute:     p.int("MIKIWAME_MINT_PER_MINUTE", 60),
		WritesPerMinute:   p.int("MIKIWAME_WRITES_PER_MINUTE", 60),
		ReadsPerMinute:    p.int("MIKIWAME_READS_PER_MINUTE", 600),
		BodyLimit:         int64(p.int("MIKIWAME_BODY_LIMIT", 64<<10)),
		BaselineWindow:    p.days("MIKIWAME_BASELINE_WINDOW_DAYS", 90),
		MinContributors:   p.int("MIKIWAME_MIN_CONTRIBUTORS", score.Default.CrowdMinContributors),
		ReportTTL:         p.days("MIKIWAME_REPORT_TTL_DAYS", 365),
		CacheFresh:        p.duration("MIKIWAME_CACHE_FRESH", 30*time.Second),
		ShutdownTimeout:   p.duration("MIKIWAME_SHUTDOWN_TIMEOUT", 10*time.Second),
		LogFormat:         p.str("MIKIWAME_LOG_FORMAT", "text"),
		TrustedProxies:    p.prefixes("MIKIWAME_TRUSTED_PROXIES"),
		MetricsAddr:       p.str("MIKIWAME_METRICS_ADDR", "127.0.0.1:9090"),
		Trust: Trust{
			MintDifficulty:         p.int("MIKIWAME_MINT_DIFFICULTY", DefaultMintDifficulty),
			MintPerBlockPerMinute:  p.int("MIKIWAME_MINT_PER_BLOCK_PER_MINUTE", 120),
			ClientMinAge:           time.Duration(p.intBetween("MIKIWAME_CLIENT_MIN_AGE_DAYS", 3, 0, 365)) * day,
			ClientMinDaysSeen:      p.int("MIKIWAME_CLIENT_MIN_DAYS_SEEN", 3),
			DailyObservations:      p.int("MIKIWAME_CLIENT_DAILY_OBSERVATIONS", 500),
			DailyReports:           p.int("MIKIWAME_CLIENT_DAILY_REPORTS", 20),
			DailyBlockWrites:       p.int("MIKIWAME_BLOCK_DAILY_WRITES", DefaultBlockDailyWrites),
			MaxEntriesPerKey:       p.int("MIKIWAME_MAX_ENTRIES_PER_KEY", 500),
			OutlierFactor:          p.int("MIKIWAME_OUTLIER_FACTOR", 3),
			AdminFailuresPerMinute: p.int("MIKIWAME_ADMIN_FAILURES_PER_MINUTE", 10),
		},
	}
	if _, ok := env["MIKIWAME_TRUST_PROXY"]; ok {
		p.errs = append(p.errs, errors.New("MIKIWAME_TRUST_PROXY: no longer read; list the proxies' addresses in MIKIWAME_TRUSTED_PROXIES (CIDRs, comma-separated)"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(p.str("MIKIWAME_LOG_LEVEL", "info"))); err != nil {
		p.errs = append(p.errs, fmt.Errorf("MIKIWAME_LOG_LEVEL: want debug, info, warn or error, got %q", env["MIKIWAME_LOG_LEVEL"]))
	}
	if s := p.str("MIKIWAME_HMAC_SECRET", ""); s != "" {
		c.HMACSecret = []byte(s)
	} else {
		c.HMACSecret = make([]byte, 32)
		rand.Read(c.HMACSecret) // never fails (crypto/rand panics on a broken system)
		c.HMACSecretGenerated = true
	}
	if err := errors.Join(p.errs...); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks that every setting is usable; each message names the
// variable that sets it.
func (c *Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf(name+": "+format, args...))
	}
	if c.Addr == "" {
		bad("MIKIWAME_ADDR", "must not be empty")
	} else if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("MIKIWAME_ADDR", "want host:port, got %q", c.Addr)
	}
	if c.RedisURL != "" && len(c.RedisClusterAddrs) > 0 {
		bad("REDIS_URL", "set either REDIS_URL or REDIS_CLUSTER_ADDRS, not both")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") && !strings.HasPrefix(c.RedisURL, "unix://") {
		bad("REDIS_URL", "want redis://host:port/db, rediss:// or unix://, got %q", c.RedisURL)
	}
	for _, a := range c.RedisClusterAddrs {
		if _, port, err := net.SplitHostPort(a); err != nil || port == "" {
			bad("REDIS_CLUSTER_ADDRS", "want a comma-separated list of host:port, got %q", a)
		}
	}
	if c.RedisTimeout < time.Millisecond || c.RedisTimeout > 10*time.Second {
		bad("MIKIWAME_REDIS_TIMEOUT", "want 1ms to 10s, got %s", c.RedisTimeout)
	}
	if len(c.HMACSecret) < 16 {
		bad("MIKIWAME_HMAC_SECRET", "want at least 16 bytes, got %d", len(c.HMACSecret))
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		bad("MIKIWAME_ADMIN_TOKEN", "want at least 16 characters (or empty to disable admin routes), got %d", len(c.AdminToken))
	}
	if c.TokenTTL < day {
		bad("MIKIWAME_TOKEN_TTL_DAYS", "want at least 1")
	}
	positive := []struct {
		name string
		v    int64
	}{
		{"MIKIWAME_MINT_PER_MINUTE", int64(c.MintPerMinute)},
		{"MIKIWAME_WRITES_PER_MINUTE", int64(c.WritesPerMinute)},
		{"MIKIWAME_READS_PER_MINUTE", int64(c.ReadsPerMinute)},
	}
	for _, p := range positive {
		if p.v < 1 {
			bad(p.name, "want a positive number, got %d", p.v)
		}
	}
	if floor := score.Default.CrowdMinContributors; c.MinContributors < floor {
		bad("MIKIWAME_MIN_CONTRIBUTORS", "want at least %d, the contributors the extension needs before it uses a baseline, got %d", floor, c.MinContributors)
	}
	if c.BodyLimit < 1024 || c.BodyLimit > 16<<20 {
		bad("MIKIWAME_BODY_LIMIT", "want 1024 to 16777216 bytes, got %d", c.BodyLimit)
	}
	if c.BaselineWindow < day {
		bad("MIKIWAME_BASELINE_WINDOW_DAYS", "want at least 1")
	}
	if c.ReportTTL < day {
		bad("MIKIWAME_REPORT_TTL_DAYS", "want at least 1")
	}
	if c.CacheFresh < 0 || c.CacheFresh > time.Hour {
		bad("MIKIWAME_CACHE_FRESH", "want 0s to 1h, got %s", c.CacheFresh)
	}
	if c.ShutdownTimeout <= 0 {
		bad("MIKIWAME_SHUTDOWN_TIMEOUT", "want a positive duration, got %s", c.ShutdownTimeout)
	}
	if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
		bad("MIKIWAME_METRICS_ADDR", "want host:port, got %q", c.MetricsAddr)
	} else if c.MetricsAddr == c.Addr {
		bad("MIKIWAME_METRICS_ADDR", "must differ from MIKIWAME_ADDR: metrics are not for the public")
	}
	errs = append(errs, c.Trust.validate()...)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("MIKIWAME_LOG_FORMAT", "want text or json, got %q", c.LogFormat)
	}
	return errors.Join(errs...)
}

// DefaultMintDifficulty is about one second of one laptop core in the
// extension's service worker (measured in docs/API.md).
const DefaultMintDifficulty = 20

// DefaultBlockDailyWrites is a network block's daily budget of writes:
// four clients at their full daily caps (500 observations + 20 reports),
// however many tokens the block mints.
const DefaultBlockDailyWrites = 2000

func (t Trust) validate() []error {
	var errs []error
	between := func(name string, v, lo, hi int) {
		if v < lo || v > hi {
			errs = append(errs, fmt.Errorf("%s: want %d to %d, got %d", name, lo, hi, v))
		}
	}
	between("MIKIWAME_MINT_DIFFICULTY", t.MintDifficulty, 0, 32)
	between("MIKIWAME_MINT_PER_BLOCK_PER_MINUTE", t.MintPerBlockPerMinute, 1, 1_000_000)
	between("MIKIWAME_CLIENT_MIN_DAYS_SEEN", t.ClientMinDaysSeen, 1, 365)
	between("MIKIWAME_CLIENT_DAILY_OBSERVATIONS", t.DailyObservations, 1, 1_000_000)
	between("MIKIWAME_CLIENT_DAILY_REPORTS", t.DailyReports, 1, 10_000)
	between("MIKIWAME_BLOCK_DAILY_WRITES", t.DailyBlockWrites, 1, 1_000_000_000)
	between("MIKIWAME_MAX_ENTRIES_PER_KEY", t.MaxEntriesPerKey, 10, 100_000)
	between("MIKIWAME_OUTLIER_FACTOR", t.OutlierFactor, 2, 1000)
	between("MIKIWAME_ADMIN_FAILURES_PER_MINUTE", t.AdminFailuresPerMinute, 1, 10_000)
	return errs
}

// parser collects every parse error so one run reports them all.
type parser struct {
	env  map[string]string
	errs []error
}

func (p *parser) str(name, def string) string {
	if v, ok := p.env[name]; ok && v != "" {
		return v
	}
	return def
}

func (p *parser) list(name string) []string {
	var out []string
	for _, s := range strings.Split(p.env[name], ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// prefixes parses a comma-separated list of CIDRs; a bare address is its
// own /32 or /128.
func (p *parser) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range p.list(name) {
		pr, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				p.errs = append(p.errs, fmt.Errorf("%s: want a comma-separated list of CIDRs such as 10.0.0.0/8, got %q", name, s))
				continue
			}
			pr = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, pr.Masked())
	}
	return out
}

// intBetween is int checked against lo..hi before the caller multiplies
// it; out of range gives def and an error.
func (p *parser) intBetween(name string, def, lo, hi int) int {
	n := p.int(name, def)
	if n < lo || n > hi {
		p.errs = append(p.errs, fmt.Errorf("%s: want %d to %d, got %d", name, lo, hi, n))
		return def
	}
	return n
}

func (p *parser) int(name string, def int) int {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("%s: want a whole number, got %q", name, v))
		return def
	}
	return n
}

func (p *parser) days(name string, def int) time.Duration {
	n := p.int(name, def)
	// Checked before multiplying: a huge negative count wraps around to
	// a plausible duration.
	if n < 1 || n > 100*365 {
		p.errs = append(p.errs, fmt.Errorf("%s: want 1 to 36500, got %d", name, n))
		return time.Duration(def) * day
	}
	return time.Duration(n) * day
}

func (p *parser) duration(name string, def time.Duration) time.Duration {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("%s: want a duration such as 100ms or 2s, got %q", name, v))
		return def
	}
	return d
}
