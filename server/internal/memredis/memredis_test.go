package memredis

import (
	"context"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// TestStoreOnMiniredis checks that what the store needs works on the
// embedded server too, redis_rate's Lua script above all.
func TestStoreOnMiniredis(t *testing.T) {
	m, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer m.Close()
	s, err := store.Open(store.Options{URL: m.URL(), BaselineWindow: 90 * 24 * time.Hour, MinContributors: 1, ReportTTL: time.Hour})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	for i := range 2 {
		if l, err := s.Allow(ctx, "mint", "x", 2); err != nil || !l.Allowed {
			t.Fatalf("Allow #%d = %+v, %v; want allowed", i+1, l, err)
		}
	}
	if l, err := s.Allow(ctx, "mint", "x", 2); err != nil || l.Allowed || l.RetryAfter <= 0 {
		t.Fatalf("Allow #3 = %+v, %v; want denied with a retry-after", l, err)
	}
	o := market.Observation{Marketplace: market.JP, ASIN: "B0TESTTEST", Price: 1200, Currency: "JPY", Condition: market.New}
	if _, err := s.AddObservations(ctx, store.Contributor{Block: "b", ClientID: "c1", Issued: time.Unix(0, 0)}, []market.Observation{o}); err != nil {
		t.Fatalf("AddObservations: %v", err)
	}
	if b, err := s.Baseline(ctx, market.JP, "B0TESTTEST"); err != nil || b.Median != 1200 {
		t.Fatalf("Baseline = %+v, %v; want median 1200", b, err)
	}
}

func TestKeysExpire(t *testing.T) {
	m, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer m.Close()
	m.m.Set("k", "v")
	m.m.SetTTL("k", time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for m.m.Exists("k") {
		if time.Now().After(deadline) {
			t.Fatalf("key with a 1s TTL still exists after 5s; want it expired")
		}
		time.Sleep(50 * time.Millisecond)
	}
	m.Close()
	m.Close() // twice is harmless
}
