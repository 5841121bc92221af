package score

// Rules on the seller's ratings record.
//
//   - R2: a new seller, or one with no or few ratings
//     (評価がない新人出品者; 新規出品者または、取引件数が少ない出品者).
//     What is "few" grows with what is at stake.
//   - R3: few transactions but an unnaturally large number of products
//     (取引件数が少ない割に、取扱いしている商品が不自然に多い).
//   - R4: not few transactions, but hardly any recently: a dormant account,
//     possibly hijacked (取引件数は少なくないものの、直近ではあまり取引がされていない).
//     "Hardly any" is relative to the lifetime count; the other signs that
//     an account changed hands are in takeover.go.
//   - Feedback (DESIGN.md "Also"): a low positive share is a warning; a
//     long, active, well-rated record is a good sign, never given beside a
//     sign that the record no longer belongs to who trades now.

import "github.com/mikiwame/mikiwame/internal/market"

// record is what the ratings rules concluded about the seller.
type record struct {
	unproven    bool // new or barely rated (R2)
	dormant     bool // R4
	takeover    bool // a sign other than dormancy that the account changed hands
	established bool // the good sign was given
}

// ratingRules applies R2–R4, the takeover signs and the feedback rules.
func (t Thresholds) ratingRules(j *judgement, s sellerFacts, st stake, category string) record {
	// "Just launched" beside a rating count above zero is a stale or
	// mixed-up marker; the count is the fact.
	noRatings := s.lifetime != nil && *s.lifetime == 0 || s.lifetime == nil && s.justLaunched
	var rec record
	rec.unproven = t.newSeller(j, s, noRatings, st)
	r3 := t.manyListings(j, s, noRatings)
	rec.dormant = t.dormant(j, s)
	dropped := t.ratingsDrop(j, s)
	signs := t.takeoverSigns(j, s, category)
	rec.takeover = dropped || signs
	// Each good-sign condition is the negation of a warning that may be
	// shown: never "established and active" beside "few ratings for so
	// many listings", "no ratings" or "hardly any recently".
	rec.established = t.feedback(j, s, noRatings, rec.dormant || rec.takeover || r3)
	return rec
}

// newSeller is R2. It reports whether the seller is unproven: no ratings
// or fewer than FewRatings. A high-value item from a seller below
// HighValueFewRatings gets its own warning, not the "unproven" of the
// article's pattern: a dozen ratings are a record, if a thin one.
func (t Thresholds) newSeller(j *judgement, s sellerFacts, noRatings bool, st stake) bool {
	switch {
	case noRatings && s.fba:
		// Amazon holds an FBA seller's stock, so the never-shipped scam
		// cannot happen with this offer: a new seller, not a red flag.
		j.add(reason(SellerNoRatings, market.SeverityMedium, t.PointsMedium))
		return true
	case noRatings:
		j.add(reason(SellerNoRatings, market.SeverityHigh, t.PointsHigh))
		return true
	case s.lifetime != nil && *s.lifetime < t.FewRatings:
		j.add(reason(SellerFewRatings, market.SeverityMedium, t.PointsMedium, "ratings", *s.lifetime))
		return true
	case st.high && s.lifetime != nil && *s.lifetime < t.HighValueFewRatings:
		j.add(reason(HighValueThinRecord, market.SeverityMedium, t.PointsMedium,
			"ratings", *s.lifetime, "price", st.value))
	}
	return false
}

// manyListings is R3. A seller whose rating count is unknown is not
// judged: "few ratings" cannot be claimed. It reports whether it fired.
func (t Thresholds) manyListings(j *judgement, s sellerFacts, noRatings bool) bool {
	if s.listings == nil || *s.listings < t.ManyListings || (s.lifetime == nil && !noRatings) {
		return false
	}
	rated := 0
	if s.lifetime != nil && !noRatings {
		rated = *s.lifetime
	}
	if *s.listings/max(rated, 1) < t.ListingsPerRating {
		return false
	}
	j.add(reason(ManyListingsFewRatings, market.SeverityHigh, t.PointsHigh,
		"listings", *s.listings, "ratings", rated))
	return true
}

// dormant is R4's hijack signature: a real record, then (next to)
// silence. It reports whether it fired.
func (t Thresholds) dormant(j *judgement, s sellerFacts) bool {
	if s.lifetime == nil || *s.lifetime < t.DormantMinLifetime {
		return false
	}
	days, recent := t.quiet(s.ratings, *s.lifetime)
	if days == 0 {
		return false
	}
	j.add(reason(DormantAccount, market.SeverityHigh, t.PointsHigh,
		"lifetime", *s.lifetime, "recent", recent, "days", days))
	return true
}

// quiet finds the longest rating window of at least DormantQuietDays
// that holds hardly any ratings for a seller with lifetime ratings, and
// how many it holds; days is 0 when every known window shows trading.
// The longest quiet is the stronger statement, so it is the one said.
func (t Thresholds) quiet(r market.Ratings, lifetime int) (days, recent int) {
	windows := []struct {
		days  int
		count *int
	}{{365, r.Months12}, {90, r.Days90}, {30, r.Days30}}
	for _, w := range windows {
		if w.days >= t.DormantQuietDays && w.count != nil && *w.count < t.trading(lifetime, w.days) {
			return w.days, *w.count
		}
	}
	return 0, 0
}

// trading is how many ratings in a window of days show that a seller
// with lifetime ratings still trades: DormantRecentPerMille of the
// lifetime per year, between the floor and the cap, pro rata for the
// window and rounded up. In int64: the count comes from the page.
func (t Thresholds) trading(lifetime, days int) int {
	perYear := int64(lifetime) * int64(t.DormantRecentPerMille) / 1000
	perYear = min(int64(t.DormantActive), max(int64(t.DormantRecentFloor), perYear))
	return int(max(1, (perYear*int64(days)+364)/365)) // rounded up
}

// ratingsDrop is R4's other sign: the recent positive share fell well
// below the usual one. It reports whether it fired.
func (t Thresholds) ratingsDrop(j *judgement, s sellerFacts) bool {
	if s.positive30 == nil || s.positive == nil || *s.positive-*s.positive30 < t.RatingsDropPoints {
		return false
	}
	if s.ratings.Days30 != nil && *s.ratings.Days30 < t.RatingsDropMinRecent {
		return false // a share over one or two ratings is noise
	}
	j.add(reason(RecentRatingsDrop, market.SeverityMedium, t.PointsMedium,
		"recent", *s.positive30, "usual", *s.positive))
	return true
}

// feedback warns on a low positive share and credits an established
// record: many ratings, enough of them recent to be trading, well rated,
// and no sign (changed) that the record is not the current trader's. It
// reports whether the credit was given.
func (t Thresholds) feedback(j *judgement, s sellerFacts, noRatings, changed bool) bool {
	if s.positive != nil && *s.positive < t.LowPositive && !noRatings {
		j.add(reason(LowPositiveFeedback, market.SeverityMedium, t.PointsMedium, "percent", *s.positive))
	}
	recent := maxKnown(s.ratings.Months12, s.ratings.Days90, s.ratings.Days30)
	active := recent != nil && *recent >= t.DormantRecentFloor
	if !s.profile || changed || !active || s.lifetime == nil || *s.lifetime < t.EstablishedRatings ||
		(s.positive != nil && *s.positive < t.EstablishedPositive) {
		return false
	}
	j.add(reason(EstablishedSeller, market.SeverityGood, t.PointsEstablished, "ratings", *s.lifetime))
	return true
}
