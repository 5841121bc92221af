package score

import (
	"slices"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

func ip(n int) *int { return &n }

func yen(n int64) *market.Money { return &market.Money{Amount: n, Currency: "JPY"} }

// now is the day the scenarios are judged on.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func offer(f market.Fulfillment, id, name string, price *market.Money) *market.Offer {
	return &market.Offer{SellerID: id, SellerName: name, Fulfillment: f, Price: price}
}

// seller is a profile with lifetime ratings and counts for 30 days, 90 days
// and 12 months, positive share (-1: not shown) and country.
func seller(id, name string, lifetime, d30, d90, m12, pos int, country string, address ...string) *market.Seller {
	s := &market.Seller{ID: id, Name: name, Country: country, Address: address,
		Ratings: market.Ratings{Lifetime: ip(lifetime), Days30: ip(d30), Days90: ip(d90), Months12: ip(m12)}}
	if pos >= 0 {
		s.PositivePercent = ip(pos)
	}
	if lifetime == 0 {
		s.JustLaunched = true
	}
	return s
}

func crowd(median int64, currency string, contributors int) *market.Baseline {
	return &market.Baseline{Median: median, P25: median * 9 / 10, P75: median * 11 / 10, N: contributors * 2,
		Contributors: contributors, Currency: currency}
}

func rated(o market.Offer, count int) market.Offer {
	o.Rating = &market.OfferRating{Count: ip(count)}
	return o
}

// established is a Japanese seller with a long, active record.
func established(id string) *market.Seller {
	return seller(id, "Tokyo Camera Style", 2000, 40, 120, 480, 98, "JP", "東京都千代田区外神田1-1-1", "JP")
}

func reasonCodes(v market.Verdict) []string {
	var codes []string
	for _, r := range v.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

// checkReasons holds every verdict to the contract the sentences rely on.
func checkReasons(t *testing.T, v market.Verdict) {
	t.Helper()
	if v.Score < 0 || v.Score > 100 {
		t.Errorf("Score().Score = %d; want 0..100", v.Score)
	}
	if v.Reasons == nil {
		t.Errorf("Score().Reasons = nil; want a slice (JSON [])")
	}
	for _, r := range v.Reasons {
		if !slices.Contains(Codes(), r.Code) {
			t.Errorf("reason %s is not in Codes()", r.Code)
		}
		var keys []string
		for k := range r.Params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := ParamNames(r.Code); !slices.Equal(keys, want) {
			t.Errorf("reason %s params = %v; want %v", r.Code, keys, want)
		}
	}
}

func TestScoreVerdictDetails(t *testing.T) {
	l := market.Listing{Marketplace: market.JP, ListPrice: yen(40800),
		Offer: offer(market.SellerFulfilled, "A1", "Sakura", yen(2000))}
	l.Offer.Shipping = yen(100)
	v := Score(l, market.Context{})
	if v.BaselineSource != market.BaselineListPrice || v.Baseline == nil || v.Baseline.Amount != 40800 {
		t.Errorf("Score() baseline = %s %v; want listPrice 40800", v.BaselineSource, v.Baseline)
	}
	r := v.Reasons[0]
	want := map[string]any{"price": *yen(2100), "baseline": *yen(40800), "percent": 94}
	if r.Code != PriceFarBelowListPrice || r.Params["price"] != want["price"] || r.Params["baseline"] != want["baseline"] || r.Params["percent"] != want["percent"] {
		t.Errorf("Score() first reason = %+v; want %s with %v", r, PriceFarBelowListPrice, want)
	}

	u := Unreadable(&market.UnreadableError{Code: market.PageCaptcha})
	if u.Level != market.LevelUnknown || u.Score != 0 || u.Unreadable.Code != market.PageCaptcha || u.Reasons == nil {
		t.Errorf("Unreadable(captcha) = %+v; want unknown, 0, PAGE_CAPTCHA, empty reasons", u)
	}
	if u := Unreadable(nil); u.Unreadable == nil {
		t.Errorf("Unreadable(nil).Unreadable = nil; want a code")
	}
	if v := Score(market.Listing{}, market.Context{}); v.Unreadable == nil || v.Unreadable.Code != market.NoOffer {
		t.Errorf("Score(no offer).Unreadable = %v; want %s", v.Unreadable, market.NoOffer)
	}

	// Nothing to say is an empty list on the wire, not null.
	quiet := market.Listing{Marketplace: market.JP, ListPrice: yen(1000),
		Offer: &market.Offer{SellerID: "A1B2C3D4E5", SellerName: "Tokyo Shop", Price: yen(1000)}}
	c := market.Context{Seller: seller("A1B2C3D4E5", "Tokyo Shop", 50, 2, 5, 20, 95, "JP", "東京都千代田区1-1", "JP")}
	if v := Score(quiet, c); v.Reasons == nil || len(v.Reasons) != 0 {
		t.Errorf("Score(nothing to say).Reasons = %#v; want an empty, non-nil list", v.Reasons)
	}
}
