package httpapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// clientIDKey is where requireClient leaves the verified client ID.
const clientIDKey = "mikiwame.clientID"

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
		id, err := s.tokens.Verify(tok)
		if err != nil {
			return err
		}
		c.Set(clientIDKey, id)
		return next(c)
	}
}

func clientID(c echo.Context) string { id, _ := c.Get(clientIDKey).(string); return id }

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
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.opts.AdminToken == "" {
			return errAdminDisabled
		}
		tok, _ := bearer(c)
		if subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.AdminToken)) != 1 {
			return errNotAdmin
		}
		return next(c)
	}
}

// ipID is what the limiters know of a client IP: a keyed hash, never the
// address. Without the server's secret it cannot be turned back into an
// IP by trying all four billion of them.
func (s *Server) ipID(c echo.Context) string {
	m := hmac.New(sha256.New, s.ipKey)
	m.Write([]byte(clientNet(c.RealIP())))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// clientNet is what one client is limited as: an IPv4 address, or the /64
// an IPv6 address lies in, since one host is handed a whole /64.
func clientNet(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Unmap().Is4() {
		return ip
	}
	p, _ := a.Prefix(64) // cannot fail for an IPv6 address
	return p.String()
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
