package score

// Rules on the seller's ratings record.
//
//   - R2: a new seller, or one with no or few ratings
//     (評価がない新人出品者; 新規出品者または、取引件数が少ない出品者).
//   - R3: few transactions but an unnaturally large number of products
//     (取引件数が少ない割に、取扱いしている商品が不自然に多い).
//   - R4: not few transactions, but hardly any recently: a dormant account,
//     possibly hijacked (取引件数は少なくないものの、直近ではあまり取引がされていない).
//   - Feedback (DESIGN.md "Also"): a low positive share is a warning; a
//     long, active, well-rated record is a good sign.

import "github.com/mikiwame/mikiwame/internal/market"

// ratingRules applies R2–R4 and the feedback rules. It reports whether
// the seller is unproven: new, barely rated or dormant.
func (t Thresholds) ratingRules(j *judgement, s sellerFacts) (unproven bool) {
	noRatings := s.justLaunched || (s.lifetime != nil && *s.lifetime == 0)
	unproven = t.newSeller(j, s, noRatings)
	t.manyListings(j, s, noRatings)
	dormant := t.dormant(j, s)
	dropped := t.ratingsDrop(j, s)
	t.feedback(j, s, noRatings, dormant || dropped)
	return unproven || dormant
}

// newSeller is R2. It reports whether it fired.
func (t Thresholds) newSeller(j *judgement, s sellerFacts, noRatings bool) bool {
	switch {
	case noRatings:
		j.add(reason(SellerNoRatings, market.SeverityHigh, t.PointsHigh))
		return true
	case s.lifetime != nil && *s.lifetime < t.FewRatings:
		j.add(reason(SellerFewRatings, market.SeverityMedium, t.PointsMedium, "ratings", *s.lifetime))
		return true
	}
	return false
}

// manyListings is R3. A seller whose rating count is unknown is not
// judged: "few ratings" cannot be claimed.
func (t Thresholds) manyListings(j *judgement, s sellerFacts, noRatings bool) {
	if s.listings == nil || *s.listings < t.ManyListings || (s.lifetime == nil && !noRatings) {
		return
	}
	rated := 0
	if s.lifetime != nil {
		rated = *s.lifetime
	}
	if *s.listings/max(rated, 1) >= t.ListingsPerRating {
		j.add(reason(ManyListingsFewRatings, market.SeverityHigh, t.PointsHigh,
			"listings", *s.listings, "ratings", rated))
	}
}

// dormant is R4's hijack signature: a real record, then silence. It
// reports whether it fired.
func (t Thresholds) dormant(j *judgement, s sellerFacts) bool {
	if s.lifetime == nil || *s.lifetime < t.DormantMinLifetime {
		return false
	}
	days := t.quietDays(s.ratings)
	if days == 0 {
		return false
	}
	j.add(reason(DormantAccount, market.SeverityHigh, t.PointsHigh, "lifetime", *s.lifetime, "days", days))
	return true
}

// quietDays is the longest rating window without a single rating, in
// days, among the windows of at least DormantQuietDays; 0 when there is
// none. The longest silence is the stronger statement, so it is the one
// the reason says.
func (t Thresholds) quietDays(r market.Ratings) int {
	windows := []struct {
		days  int
		count *int
	}{{365, r.Months12}, {90, r.Days90}, {30, r.Days30}}
	for _, w := range windows {
		if w.days >= t.DormantQuietDays && w.count != nil && *w.count == 0 {
			return w.days
		}
	}
	return 0
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
// record: many ratings, some of them recent, well rated, and no sign
// (changed) that the account changed hands.
func (t Thresholds) feedback(j *judgement, s sellerFacts, noRatings, changed bool) {
	if s.positive != nil && *s.positive < t.LowPositive && !noRatings {
		j.add(reason(LowPositiveFeedback, market.SeverityMedium, t.PointsMedium, "percent", *s.positive))
	}
	active := positive(s.ratings.Days30) || positive(s.ratings.Days90) || positive(s.ratings.Months12)
	if s.profile && s.lifetime != nil && *s.lifetime >= t.EstablishedRatings && active &&
		!changed && (s.positive == nil || *s.positive >= t.EstablishedPositive) {
		j.add(reason(EstablishedSeller, market.SeverityGood, t.PointsEstablished, "ratings", *s.lifetime))
	}
}

func positive(n *int) bool { return n != nil && *n > 0 }
