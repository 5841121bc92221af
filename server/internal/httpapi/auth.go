package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/server/internal/store"
)

// Where requireClient leaves the verified client ID and its mint time.
const (
	clientIDKey     = "mikiwame.clientID"
	clientIssuedKey = "mikiwame.clientIssued"
)

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(c echo.Context) (string, bool) {
	scheme, tok, ok := strings.Cut(c.Request().Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// requireClient lets through requests with a valid client token.
func (s *Server) requireClient(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok, ok := bearer(c)
		if !ok {
			return errUnauthorized
		}
		id, issued, err := s.tokens.VerifyIssued(tok)
		if err != nil {
			return err
		}
		c.Set(clientIDKey, id)
		c.Set(clientIssuedKey, issued)
		return next(c)
	}
}

func clientID(c echo.Context) string { id, _ := c.Get(clientIDKey).(string); return id }

// contributor is who writes, as the store may know it: the client, its
// age and a keyed hash of its network block — never the address.
func (s *Server) contributor(c echo.Context) store.Contributor {
	issued, _ := c.Get(clientIssuedKey).(time.Time)
	return store.Contributor{ClientID: clientID(c), Issued: issued, Block: s.blockHash(c)}
}

// limitWrites allows each client WritesPerMinute writes a minute (Redis,
// so the limit holds across servers).
func (s *Server) limitWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		l, err := s.store.Allow(c.Request().Context(), "write", clientID(c), s.opts.WritesPerMinute)
		if err != nil {
			return err
		}
		if !l.Allowed {
			return &rateLimited{l.RetryAfter}
		}
		return next(c)
	}
}

// requireAdmin compares the bearer token with the admin token in
// constant time; with no admin token configured every request is refused.
// An address that failed AdminFailuresPerMinute times in a minute is
// refused without a comparison until the minute is over; every failure is
// logged at warn (without the address).
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.opts.AdminToken == "" {
			return errAdminDisabled
		}
		ip := s.ipID(c)
		if over, wait := s.adminFails.over(ip); over {
			return &rateLimited{wait}
		}
		tok, _ := bearer(c)
		if subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.AdminToken)) != 1 {
			s.adminFails.allow(ip)
			s.log.Warn("Failed admin authentication", "route", c.Path(), "method", c.Request().Method, "token_given", tok != "")
			return errNotAdmin
		}
		return next(c)
	}
}

// ipID is what the limiters know of a client IP: a keyed hash, never the
// address. Without the server's secret it cannot be turned back into an
// IP by trying all four billion of them.
func (s *Server) ipID(c echo.Context) string {
	return keyedHash(s.ipKey, clientNet(c.RealIP()), 16)
}

// blockID is what the per-block mint limit knows of a client's network.
func (s *Server) blockID(c echo.Context) string {
	return keyedHash(s.ipKey, "block "+networkBlock(c.RealIP()), 16)
}

// blockHash is what a contribution carries of its network block: a
// keyed hash with a key of its own, 4 bytes (the store keeps no more),
// that expires with the contribution and is never logged.
func (s *Server) blockHash(c echo.Context) string {
	m := hmac.New(sha256.New, s.blockKey)
	m.Write([]byte(networkBlock(c.RealIP())))
	return string(m.Sum(nil)[:4])
}

func keyedHash(key []byte, s string, n int) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:n])
}

// clientNet is what one client is limited as: an IPv4 address, or the /64
// an IPv6 address lies in, since one host is handed a whole /64.
func clientNet(ip string) string { return prefixOf(ip, 32, 64) }

// networkBlock is the network a client shares with its neighbours: the
// /24 of an IPv4 address, the /48 of an IPv6 one (a site's allocation).
// Contributions count per block, and mints are limited per block too.
func networkBlock(ip string) string { return prefixOf(ip, 24, 48) }

func prefixOf(ip string, v4, v6 int) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	bits := v6
	if a.Is4() {
		bits = v4
	}
	p, _ := a.Prefix(bits) // cannot fail: bits fits the address
	return p.String()
}

// ipExtractor believes X-Forwarded-For only from the trusted proxies and
// takes the right-most address that is not one of them (Echo walks the
// header from the right). Loopback, link-local and private peers are
// trusted only when listed.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// windowLimiter counts events per key in fixed windows, in process. It
// guards the cache-miss path of the hot reads, which must not cost a
// Redis round trip for limiting.
type windowLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

func newWindowLimiter(limit int, window time.Duration, now func() time.Time) *windowLimiter {
	return &windowLimiter{limit: limit, window: window, now: now, counts: make(map[string]int)}
}

// over says, without counting, whether key reached the limit in this
// window, and how long until it resets.
func (l *windowLimiter) over(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window || l.counts[key] < l.limit {
		return false, 0
	}
	return true, l.start.Add(l.window).Sub(now)
}

// allow counts one event for key; when over the limit it says how long
// until the window resets.
func (l *windowLimiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window {
		// A new window forgets everyone: the map never outgrows one window.
		l.start, l.counts = now, make(map[string]int)
	}
	if l.counts[key] >= l.limit {
		return false, l.start.Add(l.window).Sub(now)
	}
	l.counts[key]++
	return true, 0
}
