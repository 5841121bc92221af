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
		return Unreadable(&market.UnreadableError{Code: market.NoOffer, Detail: "the listing has no buy-box offer"})
	}
	o := *l.Offer
	if isAmazon(o) {
		// Amazon as the seller is the article's safest case: none of the
		// seller rules apply, and a low price is Amazon's own sale.
		return market.Verdict{
			Level:   market.LevelOK,
			Reasons: []market.Reason{reason(SoldByAmazon, market.SeverityGood, t.PointsSoldByAmazon)},
		}
	}

	j := judgement{t: t, reasons: []market.Reason{}} // "reasons": [] on the wire, never null
	var v market.Verdict
	t.fulfillment(&j, o)

	priceLow := false
	if total := o.Total(); total == nil || total.Amount <= 0 {
		j.add(reason(NoPrice, market.SeverityInfo, 0))
		j.thin = true
	} else if base, source := t.baseline(l, c, *total); source == "" {
		j.add(reason(NoBaseline, market.SeverityInfo, 0))
	} else {
		v.BaselineSource, v.Baseline = source, &base
		if r, ok := t.price(*total, base); ok {
			j.add(r)
			priceLow = true
		}
	}

	s := t.facts(o, l.Offers, c.Seller)
	if !s.profile {
		// Without the profile, the hijack signs (R4), the address (R6) and
		// the about text cannot be checked: never call that safe.
		j.add(reason(SellerProfileUnavailable, market.SeverityInfo, 0))
		j.thin = true
	}
	if s.lifetime == nil && !s.justLaunched {
		// With no rating count, a new or dormant seller (R2–R4) cannot
		// be told from an established one.
		j.thin = true
	}
	unproven := t.sellerRules(&j, s, l.Marketplace)
	t.impersonationRule(&j, s, l)
	t.listingLureRule(&j, l)
	if priceLow && unproven {
		// The article's core pattern: a low price (even only "somewhat"
		// low) from a seller without a live track record.
		j.add(reason(CheapFromUnprovenSeller, market.SeverityMedium, t.PointsMedium))
	}
	t.longDelivery(&j, o, c.Now)
	t.reports(&j, c.Reputation)

	v.Reasons = j.reasons
	v.Score, v.Level = j.level()
	return v
}

// judgement collects reasons and whether the evidence was too thin to
// call a listing safe.
type judgement struct {
	t       Thresholds
	reasons []market.Reason
	thin    bool
}

func (j *judgement) add(r market.Reason) { j.reasons = append(j.reasons, r) }

// level sums the points and orders the reasons worst first.
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
		return score, market.LevelCaution
	case j.thin:
		// Nothing bad found, but the checks that matter could not run:
		// say so rather than show a green badge.
		return score, market.LevelUnknown
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
