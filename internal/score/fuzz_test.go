package score

import (
	"encoding/json"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// FuzzScore scores whatever listing and context JSON decode to, as the
// wasm checker does with what the extension sends: no panic, a score in
// range, and never "ok" beside a warning.
func FuzzScore(f *testing.F) {
	f.Add(`{"marketplace":"JP","offer":{"sellerId":"A1B2C3D4E5","fulfillment":"merchant","price":{"amount":9800,"currency":"JPY"},"delivery":{"earliest":"12-30","latest":"01-20","maxDays":30}},"listPrice":{"amount":40800,"currency":"JPY"}}`,
		`{"now":"2026-11-24T10:00:00Z","seller":{"id":"A1B2C3D4E5","ratings":{"lifetime":40,"days90":0},"positivePercent":95,"positivePercent30":50,"listings":5000,"country":"CN","address":["Room 5"],"about":"WhatsApp me"},"reputation":{"reporters":2},"baseline":{"median":40000,"contributors":9,"currency":"JPY"}}`)
	f.Add(`{"marketplace":"US","offer":{"sellerId":"ATVPDKIKX0DER","price":{"amount":-1,"currency":"USD"},"shipping":{"amount":9223372036854775807,"currency":"USD"}},"offers":[{"sellerId":"A2","price":{"amount":1,"currency":"USD"},"rating":{"count":1000}},{"pinned":true}]}`, `{}`)
	f.Add(`{"offer":{}}`, `null`)
	f.Fuzz(func(t *testing.T, listing, context string) {
		var l market.Listing
		var c market.Context
		if json.Unmarshal([]byte(listing), &l) != nil || json.Unmarshal([]byte(context), &c) != nil {
			return
		}
		v := Score(l, c)
		if v.Score < 0 || v.Score > 100 {
			t.Fatalf("Score(%s, %s).Score = %d; want 0 to 100", listing, context, v.Score)
		}
		if v.Reasons == nil {
			t.Fatalf("Score(%s, %s).Reasons = nil; want a list, maybe empty", listing, context)
		}
		if v.Unreadable != nil && v.Level != market.LevelUnknown {
			t.Fatalf("Score(%s, %s).Level = %s with Unreadable set; want unknown", listing, context, v.Level)
		}
		if v.Level != market.LevelOK {
			return
		}
		for _, r := range v.Reasons {
			if r.Severity == market.SeverityHigh || r.Severity == market.SeverityMedium {
				t.Fatalf("Score(%s, %s) = ok with %s reason %s; want at least caution", listing, context, r.Severity, r.Code)
			}
		}
	})
}
