package score

import (
	"math/bits"
	"slices"

	"github.com/mikiwame/mikiwame/internal/market"
)

// pricing is the outcome of R1: the baseline used and the reason, if any.
type pricing struct {
	base   market.Money
	source string // "" when there is no baseline
	reason market.Reason
	low    bool // a price reason fired
	far    bool // ... and it is the far-below one
	stake  stake
}

// pricing finds the market price to hold total against (R1) and judges
// total against it. The crowd median is the best baseline, but it never
// overrules the page (issue 9): when it and the page's own evidence are
// CrowdDisagree times apart the verdict says so and takes the reading
// that warns more, and a far-below warning the page supports stands
// whatever the crowd says.
func (t Thresholds) pricing(j *judgement, l market.Listing, c market.Context, total market.Money) pricing {
	crowd, okCrowd := t.crowdBaseline(l, c, total)
	page, source, okPage := t.pageBaseline(l, total)
	value := total
	for _, b := range []struct {
		m  market.Money
		ok bool
	}{{crowd, okCrowd}, {page, okPage}} {
		if b.ok && b.m.Amount > value.Amount {
			value = b.m
		}
	}
	st := t.stakeOf(l, value)
	below := t.PriceBelow
	if st.high {
		below = min(below, t.HighValuePriceBelow)
	}
	fromCrowd := t.judgePrice(total, crowd, market.BaselineCrowd, below)
	fromPage := t.judgePrice(total, page, source, below)
	fromCrowd.stake, fromPage.stake = st, st
	switch {
	case !okCrowd && !okPage:
		return pricing{stake: st}
	case !okPage:
		return fromCrowd
	case !okCrowd:
		return fromPage
	case apart(crowd.Amount, page.Amount, t.CrowdDisagree):
		j.add(reason(CrowdDisagrees, market.SeverityInfo, 0, "crowd", crowd, "page", page))
		if fromPage.weight() > fromCrowd.weight() {
			return fromPage
		}
	case fromPage.far && !fromCrowd.far:
		return fromPage
	}
	return fromCrowd
}

func (p pricing) weight() int {
	switch {
	case p.far:
		return 2
	case p.low:
		return 1
	}
	return 0
}

// apart reports whether a and b (both > 0) are at least k times apart.
func apart(a, b, k int64) bool {
	lo, hi := min(a, b), max(a, b)
	return k > 0 && hi/k >= lo
}

// judgePrice is R1 against one baseline.
func (t Thresholds) judgePrice(total, base market.Money, source string, below int) pricing {
	p := pricing{base: base, source: source}
	if source == "" {
		return p
	}
	p.reason, p.low = t.price(total, base, source, below)
	p.far = p.low && (p.reason.Code == PriceFarBelowMarket || p.reason.Code == PriceFarBelowListPrice)
	return p
}

// crowdBaseline is the API's median, when enough distinct shoppers gave
// it for a new item in the offer's currency.
func (t Thresholds) crowdBaseline(l market.Listing, c market.Context, total market.Money) (market.Money, bool) {
	b := c.Baseline
	// The crowd and the list price speak of new items; a used offer is
	// only comparable with other used offers.
	if b == nil || condition(l.Offer.Condition) != market.New || b.Contributors < t.CrowdMinContributors ||
		b.Currency != total.Currency || b.Median <= 0 {
		return market.Money{}, false
	}
	return market.Money{Amount: b.Median, Currency: b.Currency}, true
}

// pageBaseline is the best market price the page itself shows: the
// median of established sellers' offers, Amazon's own offer, the list
// price.
func (t Thresholds) pageBaseline(l market.Listing, total market.Money) (market.Money, string, bool) {
	cond := condition(l.Offer.Condition)
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
		return market.Money{Amount: median(established), Currency: total.Currency}, market.BaselineOffers, true
	}
	if amazon != nil {
		return *amazon, market.BaselineAmazon, true
	}
	if lp := l.ListPrice; lp != nil && cond == market.New && lp.Currency == total.Currency && lp.Amount > 0 {
		return *lp, market.BaselineListPrice, true
	}
	return market.Money{}, "", false
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

// price is R1: how far total sits below base, from source, where below
// is where "somewhat low" starts. A list price is weak evidence: against
// it only a far-below price warns, and the sentence names it.
func (t Thresholds) price(total, base market.Money, source string, below int) (market.Reason, bool) {
	pct, ok := percentBelow(total, base)
	switch {
	case !ok:
	case pct >= t.PriceFarBelow && source == market.BaselineListPrice:
		return reason(PriceFarBelowListPrice, market.SeverityHigh, t.PointsHigh,
			"price", total, "baseline", base, "percent", pct), true
	case pct >= t.PriceFarBelow:
		return reason(PriceFarBelowMarket, market.SeverityHigh, t.PointsHigh,
			"price", total, "baseline", base, "percent", pct), true
	case pct >= below && source != market.BaselineListPrice:
		return reason(PriceBelowMarket, market.SeverityMedium, t.PointsMedium,
			"price", total, "baseline", base, "percent", pct), true
	}
	return market.Reason{}, false
}

// percentBelow is how many whole percent total sits below base; ok is
// false when it does not (or either is not positive).
func percentBelow(total, base market.Money) (int, bool) {
	if base.Amount <= 0 || total.Amount <= 0 || total.Amount >= base.Amount {
		return 0, false
	}
	// In 128 bits: (base-total)*100 overflows int64 for bases above 2^63/100.
	hi, lo := bits.Mul64(uint64(base.Amount-total.Amount), 100)
	q, _ := bits.Div64(hi, lo, uint64(base.Amount)) // < 100, as total > 0
	return int(q), true
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
