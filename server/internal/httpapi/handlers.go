package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/cache"
	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
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

type challengeResponse struct {
	Challenge  string    `json:"challenge"`
	Difficulty int       `json:"difficulty"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// newChallenge hands out a proof-of-work challenge: stateless (signed),
// limited per address in process like the reads.
func (s *Server) newChallenge(c echo.Context) error {
	if ok, wait := s.challenges.allow(s.ipID(c)); !ok {
		return &rateLimited{wait}
	}
	ch, expires := s.work.Challenge()
	return c.JSON(http.StatusCreated, challengeResponse{Challenge: ch, Difficulty: s.work.Difficulty(), ExpiresAt: expires})
}

type mintRequest struct {
	Challenge string `json:"challenge"`
	Nonce     string `json:"nonce"`
}

type clientResponse struct {
	ClientID string `json:"clientId"`
	Token    string `json:"token"`
}

// mintClient trades a solved challenge for a client token: the work is
// checked first (microseconds, no Redis), then the limits per address and
// per network block, then that the challenge is used only once.
func (s *Server) mintClient(c echo.Context) error {
	body, err := readJSON(c.Request(), c.Response(), s.opts.BodyLimit)
	if err != nil {
		return err
	}
	var r mintRequest
	if err := decodeStrict(body, &r); err != nil {
		return err
	}
	once, expires, err := s.work.Verify(r.Challenge, r.Nonce)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	for _, l := range []struct {
		kind, id  string
		perMinute int
	}{
		{"mint", s.ipID(c), s.opts.MintPerMinute},
		{"mint-block", s.blockID(c), s.opts.MintPerBlockPerMinute},
	} {
		got, err := s.store.Allow(ctx, l.kind, l.id, l.perMinute)
		if err != nil {
			return err
		}
		if !got.Allowed {
			return &rateLimited{got.RetryAfter}
		}
	}
	if err := s.store.UseChallenge(ctx, once, expires); err != nil {
		return err
	}
	id, tok := s.tokens.Mint()
	return c.JSON(http.StatusCreated, clientResponse{ClientID: id, Token: tok})
}

type observationsResponse struct {
	// Accepted counts distinct products recorded, Counted those of them
	// that count in baselines now (the client is trusted); Skipped counts
	// the observations that do not feed baselines (not new, a product
	// repeated in the request, or far outside the product's established
	// range).
	Accepted int `json:"accepted"`
	Counted  int `json:"counted"`
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
	added, err := s.store.AddObservations(c.Request().Context(), s.contributor(c), keep)
	if err != nil {
		return err
	}
	if added.Counted > 0 {
		for _, o := range keep {
			s.baselineBuckets.Invalidate(store.BucketOf(store.BaselineBuckets, o.Marketplace, o.ASIN))
		}
	}
	stored := added.Counted + added.Pending
	return c.JSON(http.StatusOK, observationsResponse{Accepted: stored, Counted: added.Counted, Skipped: len(obs) - stored})
}

type reportResponse struct {
	Status string `json:"status"`
	// Counted is false while the client is not trusted yet: the report is
	// kept for moderators but not counted.
	Counted bool `json:"counted"`
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
	counted, err := s.store.AddReport(c.Request().Context(), s.contributor(c), r)
	if err != nil {
		return err
	}
	if counted {
		s.sellerBuckets.Invalidate(store.BucketOf(store.SellerBuckets, r.Marketplace, r.SellerID))
	}
	return c.JSON(http.StatusCreated, reportResponse{Status: "recorded", Counted: counted})
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

func (s *Server) listReports(c echo.Context) error {
	limit := 50
	if q := c.QueryParam("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1000 {
			return invalid("limit", "want a whole number from 1 to 1000, got %s", quote(q))
		}
		limit = n
	}
	page, err := s.store.RecentReports(c.Request().Context(), limit, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

func (s *Server) adminSeller(c echo.Context) error {
	m, id, err := pathSeller(c)
	if err != nil {
		return err
	}
	v, err := s.store.Seller(c.Request().Context(), m, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
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
	s.sellerBuckets.Invalidate(store.BucketOf(store.SellerBuckets, m, id))
	s.log.Info("Dismissed a seller's reports", "marketplace", string(m), "seller_id", id, "dismissed", n)
	return c.JSON(http.StatusOK, dismissResponse{Dismissed: n})
}

func (s *Server) adminClient(c echo.Context) error {
	id, err := pathClient(c)
	if err != nil {
		return err
	}
	v, err := s.store.Client(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

type revokeResponse struct {
	Revoked string `json:"revoked"`
}

// revokeClient refuses a client's writes and removes its prices and
// reports from every count. The in-process caches are emptied: which
// products the client touched is not known, by design.
func (s *Server) revokeClient(c echo.Context) error {
	id, err := pathClient(c)
	if err != nil {
		return err
	}
	if err := s.store.RevokeClient(c.Request().Context(), id); err != nil {
		return err
	}
	s.baselineBuckets.Purge()
	s.sellerBuckets.Purge()
	s.log.Info("Revoked a client", "client_id", id)
	return c.JSON(http.StatusOK, revokeResponse{Revoked: id})
}

func pathClient(c echo.Context) (string, error) {
	id := c.Param("clientId")
	if !token.ValidClientID(id) {
		return "", invalid("clientId", "want a client ID as POST /v1/clients gives, got %s", quote(id))
	}
	return id, nil
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

// productKey names a product within one request; "|" appears in neither part.
func productKey(m market.Marketplace, asin string) string { return string(m) + "|" + asin }
