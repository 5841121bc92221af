package store

import (
	"context"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

func TestObservationField(t *testing.T) {
	tag := clientTag("Zr3GkUq0n1bQ2d8mV5x7hA")
	if len(tag) != clientTagLen || tag == clientTag("Zr3GkUq0n1bQ2d8mV5x7hB") {
		t.Fatalf("clientTag = %q; want %d bytes that differ between clients", tag, clientTagLen)
	}
	const today = 20416
	tests := []struct {
		name       string
		field      string
		wantDay    int64
		wantParsed bool
	}{
		{"today", observationField(tag, today), today, true},
		{"89 days ago", observationField(tag, today-89), today - 89, true},
		{"tomorrow (a clock ahead)", observationField(tag, today+1), today + 1, true},
		{"after the 16-bit wrap", observationField(tag, 65540), 65540, true},
		{"old text layout", "20416:Zr3GkUq0n1bQ2d8mV5x7hA", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := int64(today)
			if tt.wantDay == 65540 {
				now = 65541 // both past 2^16 days: the low bits alone say 4
			}
			gotTag, day, ok := parseObservationField(tt.field, now)
			if ok != tt.wantParsed || (ok && (day != tt.wantDay || gotTag != tag)) {
				t.Errorf("parseObservationField(%q, %d) = %q, %d, %v; want %q, %d, %v", tt.field, now, gotTag, day, ok, tag, tt.wantDay, tt.wantParsed)
			}
		})
	}
}

// TestOldObservationFieldsPruned: fields of the earlier layouts (text,
// then one per client) do not count and are deleted when the baseline is
// computed.
func TestOldObservationFieldsPruned(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	const asin = "B0OLDFIELD"
	k := observationsKey(market.JP, asin)
	// The text layout, then the per-client binary one.
	for _, f := range []string{"20416:Zr3GkUq0n1bQ2d8mV5x7hA", observationField(clientTag("z"), dayOf(c.Now()))} {
		if _, err := redisServer.Do("HSET", k, f, "1"); err != nil {
			t.Fatalf("HSET: %v", err)
		}
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if _, err := s.AddObservations(ctx, who(id), []market.Observation{obs(asin, 1000)}); err != nil {
			t.Fatalf("AddObservations: %v", err)
		}
	}
	b, err := s.Baseline(ctx, market.JP, asin)
	if err != nil || b.N != 5 || b.Median != 1000 {
		t.Errorf("Baseline = %+v, %v; want 5 observations, median 1000", b, err)
	}
	if n, err := redisServer.Do("HLEN", k); err != nil || n != "5" {
		t.Errorf("HLEN after the recompute = %s, %v; want 5 (the old field pruned)", n, err)
	}
}
