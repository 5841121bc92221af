// Package score turns a listing and what is known about its seller into a
// verdict, following the article's rules R1–R8 (DESIGN.md "Scoring"). It is
// pure: no I/O, no clock, no globals written, so it compiles to js/wasm and
// gives the same answer in the browser as in the CLI.
//
// Each rule family has its own file, headed with its rule number and the
// article's words: price.go (R1), ratings.go (R2–R4 and feedback),
// name.go (R5), address.go (R6), delivery.go (R7), contact.go and
// reports.go; thresholds.go holds the numbers they use (R8).
package score

import (
	"fmt"
	"slices"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Score judges l with the Default thresholds.
func Score(l market.Listing, c market.Context) market.Verdict { return Default.Score(l, c) }

// Unreadable is the verdict for a page that could not be read: level
// unknown, no score, and the reason in v.Unreadable.
func Unreadable(e *market.UnreadableError) market.Verdict {
	if e == nil {
		e = &market.UnreadableError{Code: market.UnknownLayout}
	}
	return market.Verdict{Level: market.LevelUnknown, Reasons: []market.Reason{}, Unreadable: e}
}

// Score judges l with the thresholds t.
func (t Thresholds) Score(l market.Listing, c market.Context) market.Verdict {
	if l.Offer == nil {
		// The all-offers panel's pinned offer is the featured offer when
		// the buy box itself was not read; without one there is no offer
		// the shopper is about to buy, and picking one would be a guess.
		p, ok := pinned(l.Offers)
		if !ok {
			return t.noFeatured(l)
		}
		l.Offer = &p
	}
	o := *l.Offer
	total := o.Total()
	if total != nil && total.Amount <= 0 {
		total = nil
	}
	j := judgement{t: t, reasons: []market.Reason{}} // "reasons": [] on the wire, never null
	if isAmazon(o) {
		// Amazon as the seller is the article's safest case: none of the
		// seller rules apply, and a low price is Amazon's own sale. A
		// far cheaper offer from an unproven seller on the same page is
		// still worth a note.
		j.add(reason(SoldByAmazon, market.SeverityGood, t.PointsSoldByAmazon))
		if !c.PanelOffer {
			t.otherOffers(&j, l, o, total, market.SeverityLow, t.PointsLow)
		}
		return j.verdict()
	}

	var v market.Verdict
	t.fulfillment(&j, o)
	var p pricing
	if total == nil {
		j.add(reason(NoPrice, market.SeverityInfo, 0))
		j.thin = true
	} else if p = t.pricing(&j, l, c, *total); p.source == "" {
		j.add(reason(NoBaseline, market.SeverityInfo, 0))
	} else {
		v.BaselineSource, v.Baseline = p.source, &p.base
		if p.low {
			j.add(p.reason)
		}
	}

	s := t.facts(o, l.Offers, c.Seller, l.Marketplace)
	s.now, s.fba = c.Now, o.Fulfillment == market.FulfilledByAmazon
	if !s.profile {
		// Without the profile, the hijack signs (R4), the address (R6) and
		// the about text cannot be checked: never call that safe.
		j.add(reason(SellerProfileUnavailable, market.SeverityInfo, 0))
		j.thin = !s.panelEstablished
	}
	if s.lifetime == nil && !s.justLaunched {
		// With no rating count, a new or dormant seller (R2–R4) cannot
		// be told from an established one.
		j.thin = true
	}
	rec := t.sellerRules(&j, s, l.Marketplace, p.stake, l.Category)
	t.impersonationRule(&j, s, l)
	t.listingLureRule(&j, l)
	switch {
	case p.low && rec.takeover:
		// A record that changed hands is no record: with a low price this
		// is the hijacked account whatever its lifetime count, and
		// Amazon's warehouse does not change that.
		j.add(reason(CheapFromChangedAccount, market.SeverityHigh, t.PointsHigh))
	case p.low && (rec.dormant || rec.unproven && (!s.fba || p.far)):
		// The article's core pattern: a low price (even only "somewhat"
		// low) from a seller without a live track record. Amazon holds an
		// FBA seller's stock, so there only a far-below price makes it.
		j.add(reason(CheapFromUnprovenSeller, market.SeverityMedium, t.PointsMedium))
	}
	if giftCard(l) {
		j.add(reason(GiftCardThirdParty, market.SeverityHigh, t.PointsHigh))
		// A second fact, not the same one again: the card is offered for
		// less than the money it holds, which only stolen or fake codes are.
		if total != nil {
			if face, ok := faceValue(l.Title, total.Currency); ok && total.Amount < face.Amount {
				j.add(reason(GiftCardBelowFaceValue, market.SeverityHigh, t.PointsHigh, "price", *total, "face", face))
			}
		}
	}
	t.longDelivery(&j, o, c.Now)
	t.reports(&j, c.Reputation)
	if !c.PanelOffer {
		t.otherOffers(&j, l, o, total, market.SeverityMedium, t.PointsMedium)
	}

	w := j.verdict()
	v.Level, v.Score, v.Reasons = w.Level, w.Score, w.Reasons
	return v
}

// pinned is the panel's featured offer, if it shows one.
func pinned(offers []market.Offer) (market.Offer, bool) {
	for _, x := range offers {
		if x.Pinned {
			return x, true
		}
	}
	return market.Offer{}, false
}

// noFeatured is the verdict for a listing without a featured offer: "no
// featured offer" when the page names other offers, with how many and
// the lowest price as a reason the shopper can read, else "no offer".
func (t Thresholds) noFeatured(l market.Listing) market.Verdict {
	count := len(l.Offers)
	var lowest *market.Money
	consider := func(m *market.Money) {
		if m != nil && m.Amount > 0 && (lowest == nil || m.Currency == lowest.Currency && m.Amount < lowest.Amount) {
			lowest = m
		}
	}
	if sm := l.OfferSummary; sm != nil {
		count = max(count, sm.Count)
		consider(sm.Lowest)
	}
	for _, x := range l.Offers {
		consider(x.Total())
	}
	if count == 0 && lowest == nil {
		return Unreadable(&market.UnreadableError{Code: market.NoOffer, Detail: "the listing has no buy-box offer"})
	}
	detail := fmt.Sprintf("no featured offer; %d other offers", count)
	if lowest != nil {
		detail += fmt.Sprintf(", lowest %d %s", lowest.Amount, lowest.Currency)
	}
	v := Unreadable(&market.UnreadableError{Code: market.NoFeaturedOffer, Detail: detail})
	if lowest != nil {
		v.Reasons = append(v.Reasons, reason(OffersElsewhere, market.SeverityInfo, 0, "count", max(count, 1), "lowest", *lowest))
	}
	return v
}

// otherOffers is the careful shopper's look past the buy box: the
// cheapest offer on a page is often the scam. An offer far below the buy
// box from a seller the panel shows as unproven gets a reason of its own
// (with sev: a warning beside a third party's buy box, a note beside
// Amazon's). The "N offers from X" line alone names no seller, so a far
// lower price there is only information.
func (t Thresholds) otherOffers(j *judgement, l market.Listing, o market.Offer, total *market.Money, sev market.Severity, points int) {
	if total == nil {
		return
	}
	cond := condition(o.Condition)
	var cheapest *market.Offer
	var cheapestTotal market.Money
	for i, x := range l.Offers {
		xt := x.Total()
		if sameOffer(x, o) || isAmazon(x) || condition(x.Condition) != cond || xt == nil || xt.Currency != total.Currency {
			continue
		}
		if pct, ok := percentBelow(*xt, *total); !ok || pct < t.PriceFarBelow || !t.unprovenRating(x.Rating) {
			continue
		}
		if cheapest == nil || xt.Amount < cheapestTotal.Amount {
			cheapest, cheapestTotal = &l.Offers[i], *xt
		}
	}
	if cheapest != nil {
		pct, _ := percentBelow(cheapestTotal, *total)
		j.add(reason(CheaperOfferUnproven, sev, points, "price", cheapestTotal, "percent", pct, "name", cheapest.SellerName))
		return
	}
	sm := l.OfferSummary
	if len(l.Offers) > 0 || sm == nil || sm.Lowest == nil || sm.Condition == "" || sm.Condition != cond ||
		sm.Lowest.Currency != total.Currency {
		return // the panel, when read, said more; a mixed new-and-used line compares nothing
	}
	if pct, ok := percentBelow(*sm.Lowest, *total); ok && pct >= t.PriceFarBelow {
		j.add(reason(OtherOfferFarBelow, market.SeverityInfo, 0, "price", *sm.Lowest, "percent", pct))
	}
}

// unprovenRating reports whether an offer's rating line shows a new or
// barely rated seller; an offer without one is not judged.
func (t Thresholds) unprovenRating(r *market.OfferRating) bool {
	return r != nil && (r.JustLaunched || r.Count != nil && *r.Count < t.FewRatings)
}

// judgement collects reasons and whether the evidence was too thin to
// call a listing safe.
type judgement struct {
	t       Thresholds
	reasons []market.Reason
	thin    bool
}

func (j *judgement) add(r market.Reason) { j.reasons = append(j.reasons, r) }

// verdict is the judgement's level, score and reasons.
func (j *judgement) verdict() market.Verdict {
	score, level := j.level()
	return market.Verdict{Level: level, Score: score, Reasons: j.reasons}
}

// level sums the points and orders the reasons worst first. The score
// always lies in its level's band, so the number never says what the
// word does not: a caution raised by a warning alone scores Caution, an
// ok with low notes scores below Caution, and unknown scores 0 — it is
// no measure of risk, only of what could not be checked.
func (j *judgement) level() (int, market.Level) {
	sum, warned := 0, false
	for _, r := range j.reasons {
		sum += r.Points
		if r.Severity == market.SeverityHigh || r.Severity == market.SeverityMedium {
			warned = true
		}
	}
	slices.SortStableFunc(j.reasons, func(a, b market.Reason) int { return rank(a) - rank(b) })
	score := min(max(sum, 0), 100)
	switch {
	case score >= j.t.Danger:
		return score, market.LevelDanger
	case score >= j.t.Caution || warned:
		return min(max(score, j.t.Caution), j.t.Danger-1), market.LevelCaution
	case j.thin:
		// Nothing bad found, but the checks that matter could not run:
		// say so rather than show a green badge.
		return 0, market.LevelUnknown
	}
	return score, market.LevelOK
}

// rank orders reasons for display: warnings by weight, then the good
// signs, then what could not be checked.
func rank(r market.Reason) int {
	switch r.Severity {
	case market.SeverityHigh:
		return 0
	case market.SeverityMedium:
		return 1
	case market.SeverityLow:
		return 2
	case market.SeverityGood:
		return 3
	}
	return 4
}
