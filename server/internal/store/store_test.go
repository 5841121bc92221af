package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

var redisServer *redistest.Server

func TestMain(m *testing.M) {
	redistest.Main(m, func(s *redistest.Server) { redisServer = s })
}

// clock is a settable time source for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time         { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration)    { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock                  { return &clock{t: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)} }
func (c *clock) Set(t time.Time) *clock { c.mu.Lock(); c.t = t; c.mu.Unlock(); return c }

// open gives a store on an empty Redis.
func open(t *testing.T, c *clock) *Store {
	t.Helper()
	if err := redisServer.FlushAll(); err != nil {
		t.Fatalf("FLUSHALL: %v", err)
	}
	s, err := Open(Options{
		URL: redisServer.URL(), Timeout: time.Second,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		DailyReports: 1000, Now: c.Now,
	})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func obs(asin string, price int64) market.Observation {
	return market.Observation{Marketplace: market.JP, ASIN: asin, Price: price, Currency: "JPY", Condition: market.New, SellerKind: market.FulfilledByAmazon}
}

func TestKeysShareHashTag(t *testing.T) {
	tests := []struct{ a, b, tag string }{
		{observationsKey(market.JP, "B000000000"), baselineKey(market.JP, "B000000000"), "{JP:B000000000}"},
		{reportsKey(market.US, "A1THAZDOWP300U"), reputationKey(market.US, "A1THAZDOWP300U"), "{US:A1THAZDOWP300U}"},
		{productEntries(market.JP, "B000000000", false).hash, productEntries(market.JP, "B000000000", false).order, "{JP:B000000000}"},
		{productEntries(market.JP, "B000000000", true).order, rangeKey(market.JP, "B000000000"), "{JP:B000000000}"},
		{sellerEntries(market.US, "A1THAZDOWP300U", false).hash, sellerEntries(market.US, "A1THAZDOWP300U", true).order, "{US:A1THAZDOWP300U}"},
		{clientDaysKey("Zr3GkUq0n1bQ2d8mV5x7hA"), clientQuotaKey("Zr3GkUq0n1bQ2d8mV5x7hA", "reports", 20416), "{Zr3GkUq0n1bQ2d8mV5x7hA}"},
	}
	for _, tt := range tests {
		for _, k := range []string{tt.a, tt.b} {
			if !strings.HasPrefix(k, "mkw:v1:") || !strings.Contains(k, tt.tag) || strings.Index(k, "{") != strings.Index(k, tt.tag) {
				t.Errorf("key %q; want prefix mkw:v1: and hash tag %s", k, tt.tag)
			}
		}
	}
}

func TestBaseline(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const asin = "B0TESTTEST"
	// Four clients: not enough.
	for i := range 4 {
		if _, err := s.AddObservations(ctx, who(fmt.Sprintf("client%d", i)), []market.Observation{obs(asin, 1000+int64(i)*100)}); err != nil {
			t.Fatalf("AddObservations: %v", err)
		}
	}
	if _, err := s.Baseline(ctx, market.JP, asin); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Baseline with 4 contributors error = %v; want ErrNotFound", err)
	}
	// The fifth arrives: the cached "none" must be invalidated by the write.
	if _, err := s.AddObservations(ctx, who("client4"), []market.Observation{obs(asin, 1400)}); err != nil {
		t.Fatalf("AddObservations: %v", err)
	}
	b, err := s.Baseline(ctx, market.JP, asin)
	if err != nil {
		t.Fatalf("Baseline with 5 contributors error = %v; want nil", err)
	}
	if b.Median != 1200 || b.P25 != 1100 || b.P75 != 1300 || b.N != 5 || b.Contributors != 5 || b.Currency != "JPY" {
		t.Errorf("Baseline = %+v; want median 1200, p25 1100, p75 1300, n 5, contributors 5, JPY", b)
	}
	// Same client, same day: the later price replaces the earlier one.
	if _, err := s.AddObservations(ctx, who("client4"), []market.Observation{obs(asin, 1500)}); err != nil {
		t.Fatalf("AddObservations: %v", err)
	}
	if b, _ = s.Baseline(ctx, market.JP, asin); b.N != 5 || b.P75 != 1300 {
		t.Errorf("Baseline after same-day update = n %d, p75 %d; want 5, 1300", b.N, b.P75)
	}
	// Next day, same client and block: the newest price replaces it.
	c.Add(24 * time.Hour)
	if _, err := s.AddObservations(ctx, who("client4"), []market.Observation{obs(asin, 1700)}); err != nil {
		t.Fatalf("AddObservations: %v", err)
	}
	if b, _ = s.Baseline(ctx, market.JP, asin); b.N != 5 || b.Contributors != 5 || b.Median != 1200 || b.P75 != 1300 {
		t.Errorf("Baseline next day = n %d, contributors %d, median %d, p75 %d; want 5, 5, 1200, 1300", b.N, b.Contributors, b.Median, b.P75)
	}
	// 90 days on, the first day's observations leave the window.
	c.Add(89 * 24 * time.Hour)
	if _, err := s.AddObservations(ctx, who("late"), []market.Observation{obs(asin, 900)}); err != nil {
		t.Fatalf("AddObservations: %v", err)
	}
	if _, err := s.Baseline(ctx, market.JP, asin); !errors.Is(err, ErrNotFound) {
		t.Errorf("Baseline after the window moved on error = %v; want ErrNotFound", err)
	}
	if n, err := redisServer.Do("HLEN", observationsKey(market.JP, asin)); err != nil || n != "2" {
		t.Errorf("HLEN after pruning = %s, %v; want 2", n, err)
	}
}

func TestBaselineFloodFromOneClient(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const asin = "B0FLOODED0"
	for i := range 5 {
		s.AddObservations(ctx, who(fmt.Sprintf("honest%d", i)), []market.Observation{obs(asin, 40000+int64(i)*200)})
	}
	before, err := s.Baseline(ctx, market.JP, asin)
	if err != nil {
		t.Fatalf("Baseline: %v", err)
	}
	// One client posts ¥2,100 every day for 60 days, 50 times a day.
	for range 60 {
		for range 50 {
			s.AddObservations(ctx, who("flooder"), []market.Observation{obs(asin, 2100)})
		}
		c.Add(24 * time.Hour)
	}
	after, err := s.Baseline(ctx, market.JP, asin)
	if err != nil {
		t.Fatalf("Baseline: %v", err)
	}
	// ¥2,100 is far below the established range: dropped on write.
	if after.N != 5 || after.Contributors != 5 {
		t.Errorf("Baseline after flood = n %d, contributors %d; want 5, 5 (the flooder's outliers dropped)", after.N, after.Contributors)
	}
	// Six votes, one of them low: the median moves by half a step at most.
	if after.Median < before.Median-200 {
		t.Errorf("Baseline median after flood = %d; want no less than %d (was %d)", after.Median, before.Median-200, before.Median)
	}
}

func TestReports(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const seller = "A1THAZDOWP300U"
	rep := func(reasons ...string) market.Report {
		return market.Report{Marketplace: market.JP, SellerID: seller, Reasons: reasons}
	}
	got, err := s.Reputation(ctx, market.JP, seller)
	if err != nil || got.Reports != 0 || got.FirstAt != nil || got.Reasons == nil {
		t.Fatalf("Reputation(unknown) = %+v, %v; want zero counts, empty reasons map", got, err)
	}
	// One client reports 50 times: counts once, the last report wins.
	for i := range 50 {
		reason := market.ReportNotDelivered
		if i == 49 {
			reason = market.ReportCounterfeit
		}
		if _, err := s.AddReport(ctx, who("spammer"), rep(reason)); err != nil {
			t.Fatalf("AddReport: %v", err)
		}
		c.Add(time.Second)
	}
	c.Add(time.Hour)
	for _, client := range []string{"b", "c"} {
		if _, err := s.AddReport(ctx, who(client), rep(market.ReportNotDelivered, market.ReportPriceTooLow)); err != nil {
			t.Fatalf("AddReport: %v", err)
		}
	}
	got, err = s.Reputation(ctx, market.JP, seller)
	if err != nil {
		t.Fatalf("Reputation: %v", err)
	}
	want := map[string]int{market.ReportCounterfeit: 1, market.ReportNotDelivered: 2, market.ReportPriceTooLow: 2}
	if got.Reports != 3 || got.Reporters != 3 || fmt.Sprint(got.Reasons) != fmt.Sprint(want) {
		t.Errorf("Reputation = %d reports, %d reporters, %v; want 3, 3, %v", got.Reports, got.Reporters, got.Reasons, want)
	}
	if got.FirstAt == nil || got.LastAt == nil || !got.LastAt.After(*got.FirstAt) {
		t.Errorf("Reputation firstAt, lastAt = %v, %v; want first before last", got.FirstAt, got.LastAt)
	}

	page, err := s.RecentReports(ctx, 10, "")
	recent := page.Items
	if err != nil || len(recent) != 3 || recent[2].ClientID != "spammer" || recent[2].Reasons[0] != market.ReportCounterfeit {
		t.Fatalf("RecentReports = %+v, %v; want 3, the spammer's last report oldest", recent, err)
	}
	first, _ := s.RecentReports(ctx, 1, "")
	if len(first.Items) != 1 || first.Next == "" {
		t.Fatalf("RecentReports(1) = %+v; want 1 item and a cursor", first)
	}
	second, err := s.RecentReports(ctx, 1, first.Next)
	if err != nil || len(second.Items) != 1 || second.Items[0].ClientID != recent[1].ClientID {
		t.Errorf("RecentReports(1, next) = %+v, %v; want the second newest, %s", second, err, recent[1].ClientID)
	}
	if _, err := s.RecentReports(ctx, 1, "junk"); !errors.Is(err, ErrBadCursor) {
		t.Errorf("RecentReports(junk cursor) error = %v; want ErrBadCursor", err)
	}

	// A year and a day after the spammer's report it has expired; b and c
	// reported an hour later and are still live.
	c.Add(365*24*time.Hour - 30*time.Minute)
	s.AddReport(ctx, who("d"), market.Report{Marketplace: market.JP, SellerID: "AIF4G7PLKBOZY", Reasons: []string{market.ReportOther}})
	if got, _ = s.Reputation(ctx, market.JP, seller); got.Reports != 2 {
		t.Errorf("Reputation after expiry = %d reports; want 2", got.Reports)
	}
	if recent, _ := s.RecentReports(ctx, 10, ""); len(recent.Items) != 3 {
		t.Errorf("RecentReports after expiry = %d; want 3", len(recent.Items))
	}

	n, err := s.DismissReports(ctx, market.JP, seller)
	if err != nil || n != 2 {
		t.Errorf("DismissReports = %d, %v; want 2, nil", n, err)
	}
	if got, _ = s.Reputation(ctx, market.JP, seller); got.Reports != 0 {
		t.Errorf("Reputation after dismissal = %d reports; want 0", got.Reports)
	}
	if recent, _ := s.RecentReports(ctx, 10, ""); len(recent.Items) != 1 || recent.Items[0].SellerID != "AIF4G7PLKBOZY" {
		t.Errorf("RecentReports after dismissal = %+v; want only the other seller's", recent)
	}
}

func TestAllow(t *testing.T) {
	ctx := context.Background()
	s := open(t, newClock())
	for i := range 3 {
		l, err := s.Allow(ctx, "mint", "abc", 3)
		if err != nil || !l.Allowed {
			t.Fatalf("Allow #%d = %+v, %v; want allowed", i+1, l, err)
		}
	}
	l, err := s.Allow(ctx, "mint", "abc", 3)
	if err != nil || l.Allowed || l.RetryAfter <= 0 || l.RetryAfter > 20*time.Second {
		t.Errorf("Allow #4 = %+v, %v; want denied with a retry-after up to 20s", l, err)
	}
	if l, _ := s.Allow(ctx, "mint", "other", 3); !l.Allowed {
		t.Errorf("Allow for another id = %+v; want allowed", l)
	}
}

func TestRedisDown(t *testing.T) {
	port, err := redistest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	var errs int
	var mu sync.Mutex
	s, err := Open(Options{URL: fmt.Sprintf("redis://127.0.0.1:%d/0", port), MinContributors: 5,
		OnError: func(error) { mu.Lock(); errs++; mu.Unlock() }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	start := time.Now()
	checks := map[string]error{
		"Ping": s.Ping(ctx),
	}
	_, checks["AddObservations"] = s.AddObservations(ctx, who("c"), []market.Observation{obs("B0TESTTEST", 1)})
	_, checks["AddReport"] = s.AddReport(ctx, who("c"), market.Report{Marketplace: market.JP, SellerID: "AIF4G7PLKBOZY"})
	_, checks["Baseline"] = s.Baseline(ctx, market.JP, "B0TESTTEST")
	_, checks["Reputation"] = s.Reputation(ctx, market.JP, "AIF4G7PLKBOZY")
	_, checks["Allow"] = s.Allow(ctx, "mint", "x", 1)
	for name, err := range checks {
		if !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s with Redis down error = %v; want ErrUnavailable", name, err)
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("six calls with Redis down took %s; want well under 3s", d)
	}
	if errs == 0 {
		t.Errorf("OnError was not called; want it called for failed commands")
	}
}

func TestOpenRejects(t *testing.T) {
	for _, o := range []Options{{}, {URL: "http://example.com"}} {
		if _, err := Open(o); err == nil {
			t.Errorf("Open(%+v) error = nil; want an error", o)
		}
	}
}

// who is a long-trusted client in a network block of its own.
func who(id string) Contributor {
	return Contributor{ClientID: id, Issued: time.Unix(0, 0), Block: "b:" + id}
}
