package score

import (
	"math/bits"
	"slices"

	"github.com/mikiwame/mikiwame/internal/market"
)

// baseline finds the market price to hold total against, best first (R1):
// the crowd median, the median of established sellers' offers, Amazon's
// own offer, the list price. source is "" when there is none.
func (t Thresholds) baseline(l market.Listing, c market.Context, total market.Money) (base market.Money, source string) {
	cond := condition(l.Offer.Condition)
	// The crowd and the list price speak of new items; a used offer is
	// only comparable with other used offers.
	if b := c.Baseline; b != nil && cond == market.New && b.Contributors >= t.CrowdMinContributors &&
		b.Currency == total.Currency && b.Median > 0 {
		return market.Money{Amount: b.Median, Currency: b.Currency}, market.BaselineCrowd
	}

	var established []int64
	var amazon *market.Money
	for _, x := range l.Offers {
		xt := x.Total()
		if sameOffer(x, *l.Offer) || xt == nil || xt.Amount <= 0 || xt.Currency != total.Currency || condition(x.Condition) != cond {
			continue // the buy-box offer itself, or not comparable
		}
		switch {
		case isAmazon(x):
			if amazon == nil {
				amazon = xt
			}
			established = append(established, xt.Amount)
		case x.Rating != nil && x.Rating.Count != nil && *x.Rating.Count >= t.EstablishedRatings:
			established = append(established, xt.Amount)
		}
	}
	if len(established) >= t.MarketOffers {
		return market.Money{Amount: median(established), Currency: total.Currency}, market.BaselineOffers
	}
	if amazon != nil {
		return *amazon, market.BaselineAmazon
	}
	if lp := l.ListPrice; lp != nil && cond == market.New && lp.Currency == total.Currency && lp.Amount > 0 {
		return *lp, market.BaselineListPrice
	}
	return market.Money{}, ""
}

// sameOffer reports whether x, from the offers panel, is the buy-box
// offer o: the same seller, or, when the buy box names none, the panel's
// pinned offer.
func sameOffer(x, o market.Offer) bool {
	if o.SellerID == "" {
		return x.Pinned
	}
	return x.SellerID == o.SellerID
}

// price is R1: how far total sits below base.
func (t Thresholds) price(total, base market.Money) (market.Reason, bool) {
	if base.Amount <= 0 || total.Amount >= base.Amount {
		return market.Reason{}, false
	}
	// In 128 bits: (base-total)*100 overflows int64 for bases above 2^63/100.
	hi, lo := bits.Mul64(uint64(base.Amount-total.Amount), 100)
	q, _ := bits.Div64(hi, lo, uint64(base.Amount)) // < 100, as total > 0
	pct := int(q)
	switch {
	case pct >= t.PriceFarBelow:
		return reason(PriceFarBelowMarket, market.SeverityHigh, t.PointsHigh,
			"price", total, "baseline", base, "percent", pct), true
	case pct >= t.PriceBelow:
		return reason(PriceBelowMarket, market.SeverityMedium, t.PointsMedium,
			"price", total, "baseline", base, "percent", pct), true
	}
	return market.Reason{}, false
}

// condition treats an unstated condition as new: the buy box shows new
// items unless it says otherwise.
func condition(c market.Condition) market.Condition {
	if c == "" {
		return market.New
	}
	return c
}

// median of xs (not empty); it sorts a copy, as offer lists are short.
func median(xs []int64) int64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	a, b := s[n/2-1], s[n/2]
	return a + (b-a)/2 // not (a+b)/2, which overflows; a <= b, both > 0
}
