package httpapi

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Whatever the bytes, the decoders either return input that satisfies
// every rule or an *InputError; they never panic.

func FuzzDecodeObservations(f *testing.F) {
	f.Add([]byte(observations(observation("B0CHX1W1XY", 1000))))
	f.Add([]byte(observations(observation("B0CHX1W1XY", 1000), observation("4003994155", 3))))
	f.Add([]byte(`{"observations":[{"marketplace":"US","asin":"B0CHX1W1XY","price":1999,"currency":"USD","condition":"used","sellerKind":""}]}`))
	f.Add([]byte(`{"observations":null}`))
	f.Add([]byte(`{"observations":[{"price":1e400}]}`))
	f.Add([]byte("{\"observations\":[{\"asin\":\"\xff\"}]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		obs, err := decodeObservations(body)
		if err != nil {
			var in *InputError
			if !errors.As(err, &in) || in.Message == "" {
				t.Fatalf("decodeObservations(%q) error = %#v; want an *InputError with a message", body, err)
			}
			return
		}
		if len(obs) < 1 || len(obs) > maxObservations {
			t.Fatalf("decodeObservations(%q) accepted %d observations; want 1 to %d", body, len(obs), maxObservations)
		}
		for _, o := range obs {
			if !o.Marketplace.Valid() || !market.ValidASIN(o.ASIN) || o.Price < 1 || o.Price > maxPrice ||
				o.Currency != o.Marketplace.Currency() || !o.Condition.Valid() || !o.SellerKind.Valid() {
				t.Fatalf("decodeObservations(%q) accepted %+v; want it refused", body, o)
			}
		}
	})
}

func FuzzDecodeReport(f *testing.F) {
	f.Add([]byte(`{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","asin":"B0CHX1W1XY","reasons":["NOT_DELIVERED","OTHER"],"note":"届かない"}`))
	f.Add([]byte(`{"marketplace":"DE","sellerId":"A3JWKAKR8XB7XF","reasons":["HIJACKED_ACCOUNT"]}`))
	f.Add([]byte(`{"marketplace":"JP","sellerId":"<script>","reasons":["OTHER"],"note":"\u0000"}`))
	f.Add([]byte(`{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER","OTHER"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := decodeReport(body)
		if err != nil {
			var in *InputError
			if !errors.As(err, &in) || in.Message == "" {
				t.Fatalf("decodeReport(%q) error = %#v; want an *InputError with a message", body, err)
			}
			return
		}
		if !r.Marketplace.Valid() || !market.ValidSellerID(r.SellerID) || (r.ASIN != "" && !market.ValidASIN(r.ASIN)) {
			t.Fatalf("decodeReport(%q) accepted %+v; want it refused", body, r)
		}
		if len(r.Reasons) == 0 || !utf8.ValidString(r.Note) || utf8.RuneCountInString(r.Note) > maxNoteRunes || strings.ContainsRune(r.Note, 0) {
			t.Fatalf("decodeReport(%q) accepted reasons %v, note %q; want it refused", body, r.Reasons, r.Note)
		}
		seen := map[string]bool{}
		for _, reason := range r.Reasons {
			if !market.ValidReportReason(reason) || seen[reason] {
				t.Fatalf("decodeReport(%q) accepted reasons %v; want known, distinct reasons", body, r.Reasons)
			}
			seen[reason] = true
		}
	})
}
