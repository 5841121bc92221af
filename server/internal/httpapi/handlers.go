package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/cache"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

type clientResponse struct {
	ClientID string `json:"clientId"`
	Token    string `json:"token"`
}

func (s *Server) mintClient(c echo.Context) error {
	l, err := s.store.Allow(c.Request().Context(), "mint", s.ipID(c), s.opts.MintPerMinute)
	if err != nil {
		return err
	}
	if !l.Allowed {
		return &rateLimited{l.RetryAfter}
	}
	id, tok := s.tokens.Mint()
	return c.JSON(http.StatusCreated, clientResponse{ClientID: id, Token: tok})
}

type observationsResponse struct {
	// Accepted counts distinct products recorded; Skipped counts the
	// observations that do not feed baselines (not new) or repeat a
	// product of the same request.
	Accepted int `json:"accepted"`
	Skipped  int `json:"skipped"`
}

func (s *Server) postObservations(c echo.Context) error {
	body, err := readJSON(c.Request(), c.Response(), s.opts.BodyLimit)
	if err != nil {
		return err
	}
	obs, err := decodeObservations(body)
	if err != nil {
		return err
	}
	// Baselines are the price of the item new; used and refurbished
	// offers would drag them down. A product repeated in one request
	// counts once, the last one winning, as it would across requests.
	last := make(map[string]int)
	for i, o := range obs {
		if o.Condition == market.New {
			last[productKey(o.Marketplace, o.ASIN)] = i
		}
	}
	keep := make([]market.Observation, 0, len(last))
	for i, o := range obs {
		if j, ok := last[productKey(o.Marketplace, o.ASIN)]; ok && j == i {
			keep = append(keep, o)
		}
	}
	if err := s.store.AddObservations(c.Request().Context(), clientID(c), keep); err != nil {
		return err
	}
	for _, o := range keep {
		s.baselines.Invalidate(productKey(o.Marketplace, o.ASIN))
	}
	return c.JSON(http.StatusOK, observationsResponse{Accepted: len(keep), Skipped: len(obs) - len(keep)})
}

func (s *Server) getBaseline(c echo.Context) error {
	m, err := pathMarketplace(c)
	if err != nil {
		return err
	}
	asin := c.Param("asin")
	if !market.ValidASIN(asin) {
		return invalid("asin", "want 10 upper-case letters or digits, got %s", quote(asin))
	}
	e, err := cachedRead(s, c, "baseline", s.baselines, productKey(m, asin))
	if err != nil {
		return err
	}
	if !e.found {
		return errNoBaseline
	}
	return c.JSONBlob(http.StatusOK, e.body)
}

func (s *Server) loadBaseline(ctx context.Context, key string) (baselineEntry, error) {
	m, asin, _ := strings.Cut(key, "|")
	b, err := s.store.Baseline(ctx, market.Marketplace(m), asin)
	if errors.Is(err, store.ErrNotFound) {
		return baselineEntry{}, nil
	}
	if err != nil {
		return baselineEntry{}, err
	}
	return baselineEntry{body: encodeJSON(b), found: true}, nil
}

type reportResponse struct {
	Status string `json:"status"`
}

func (s *Server) postReport(c echo.Context) error {
	body, err := readJSON(c.Request(), c.Response(), s.opts.BodyLimit)
	if err != nil {
		return err
	}
	r, err := decodeReport(body)
	if err != nil {
		return err
	}
	if err := s.store.AddReport(c.Request().Context(), clientID(c), r); err != nil {
		return err
	}
	s.reputation.Invalidate(sellerKey(r.Marketplace, r.SellerID))
	return c.JSON(http.StatusCreated, reportResponse{Status: "recorded"})
}

func (s *Server) getSeller(c echo.Context) error {
	m, id, err := pathSeller(c)
	if err != nil {
		return err
	}
	body, err := cachedRead(s, c, "seller", s.reputation, sellerKey(m, id))
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, body)
}

func (s *Server) loadReputation(ctx context.Context, key string) ([]byte, error) {
	m, id, _ := strings.Cut(key, "|")
	rep, err := s.store.Reputation(ctx, market.Marketplace(m), id)
	if err != nil {
		return nil, err
	}
	return encodeJSON(rep), nil
}

// encodeJSON is what c.JSON would send for v, newline included, for the
// caches to keep. v is one of the market types, which always encode.
func encodeJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return append(b, '\n')
}

// cachedRead answers a hot read from memory when it can. Only a miss costs
// a Redis round trip, and only misses count against the per-IP read limit,
// which is kept in process for the same reason.
func cachedRead[V any](s *Server, c echo.Context, name string, ch *cache.Cache[V], key string) (V, error) {
	if v, ok := ch.Lookup(key); ok {
		s.metrics.cacheLookup(name, true)
		return v, nil
	}
	s.metrics.cacheLookup(name, false)
	if ok, wait := s.reads.allow(s.ipID(c)); !ok {
		var zero V
		return zero, &rateLimited{wait}
	}
	v, _, err := ch.Load(c.Request().Context(), key)
	return v, err
}

type reportsResponse struct {
	Reports []store.StoredReport `json:"reports"`
}

func (s *Server) listReports(c echo.Context) error {
	limit := 50
	if q := c.QueryParam("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1000 {
			return invalid("limit", "want a whole number from 1 to 1000, got %s", quote(q))
		}
		limit = n
	}
	reports, err := s.store.RecentReports(c.Request().Context(), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, reportsResponse{Reports: reports})
}

type dismissResponse struct {
	Dismissed int `json:"dismissed"`
}

func (s *Server) dismissReports(c echo.Context) error {
	m, id, err := pathSeller(c)
	if err != nil {
		return err
	}
	n, err := s.store.DismissReports(c.Request().Context(), m, id)
	if err != nil {
		return err
	}
	s.reputation.Invalidate(sellerKey(m, id))
	return c.JSON(http.StatusOK, dismissResponse{Dismissed: n})
}

func pathMarketplace(c echo.Context) (market.Marketplace, error) {
	m := market.Marketplace(c.Param("marketplace"))
	if err := validateMarketplace(m); err != nil {
		return "", err
	}
	return m, nil
}

func pathSeller(c echo.Context) (market.Marketplace, string, error) {
	m, err := pathMarketplace(c)
	if err != nil {
		return "", "", err
	}
	id := c.Param("sellerId")
	if err := validateSellerID(id); err != nil {
		return "", "", err
	}
	return m, id, nil
}

// Cache keys; "|" appears in neither part.
func productKey(m market.Marketplace, asin string) string { return string(m) + "|" + asin }
func sellerKey(m market.Marketplace, id string) string    { return string(m) + "|" + id }
