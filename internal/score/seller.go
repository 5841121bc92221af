package score

import (
	"regexp"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

// sellerFacts is what is known about the buy-box seller, from the seller
// profile when there is one, else from the rating line of the offer (in
// the buy box or in the offers panel).
type sellerFacts struct {
	profile      bool // a seller profile for this seller was given
	name         string
	lifetime     *int // lifetime ratings (or a lower bound), nil if unknown
	justLaunched bool
	positive     *int
	positive30   *int
	ratings      market.Ratings
	listings     *int
	country      string
	address      []string
	about        string
}

func (t Thresholds) facts(o market.Offer, others []market.Offer, s *market.Seller) sellerFacts {
	f := sellerFacts{name: o.SellerName}
	// A profile of some other seller (a stale cache, a wrong page) says
	// nothing about this offer.
	if s != nil && (s.ID == "" || o.SellerID == "" || s.ID == o.SellerID) {
		f.profile = true
		if s.Name != "" {
			f.name = s.Name
		}
		f.ratings = s.Ratings
		f.lifetime = s.Ratings.Lifetime
		if f.lifetime == nil {
			// The header's count covers 12 months: a lower bound, good
			// enough to rule out "few ratings" but not to claim them.
			if lb := maxKnown(s.Ratings.Months12, s.Ratings.Days90, s.Ratings.Days30); lb != nil && *lb >= t.FewRatings {
				f.lifetime = lb
			}
		}
		f.justLaunched = s.JustLaunched
		f.positive, f.positive30 = s.PositivePercent, s.PositivePercent30
		f.listings = s.Listings
		f.country = strings.ToUpper(strings.TrimSpace(s.Country))
		if f.country == "UK" {
			f.country = "GB" // Amazon UK pages print either
		}
		f.address, f.about = s.Address, s.About
	}
	r := o.Rating
	if r == nil && o.SellerID != "" {
		// The offers panel prints a rating line for the same seller.
		for _, x := range others {
			if x.SellerID == o.SellerID && x.Rating != nil {
				r = x.Rating
				break
			}
		}
	}
	if r != nil {
		if f.lifetime == nil && r.Count != nil {
			f.lifetime = r.Count
		}
		if f.positive == nil {
			f.positive = r.PositivePercent
		}
		f.justLaunched = f.justLaunched || r.JustLaunched
	}
	return f
}

// sellerRules applies R2–R6 and the feedback and contact checks. It
// reports whether the seller is "unproven": new, barely rated or dormant.
func (t Thresholds) sellerRules(j *judgement, s sellerFacts, m market.Marketplace) (unproven bool) {
	noRatings := s.justLaunched || (s.lifetime != nil && *s.lifetime == 0)
	switch {
	case noRatings:
		j.add(reason(SellerNoRatings, market.SeverityHigh, t.PointsHigh))
		unproven = true
	case s.lifetime != nil && *s.lifetime < t.FewRatings:
		j.add(reason(SellerFewRatings, market.SeverityMedium, t.PointsMedium, "ratings", *s.lifetime))
		unproven = true
	}

	if s.listings != nil && *s.listings >= t.ManyListings && (s.lifetime != nil || noRatings) {
		rated := 0
		if s.lifetime != nil {
			rated = *s.lifetime
		}
		if *s.listings/max(rated, 1) >= t.ListingsPerRating {
			j.add(reason(ManyListingsFewRatings, market.SeverityHigh, t.PointsHigh,
				"listings", *s.listings, "ratings", rated))
		}
	}

	dormant := false
	if s.lifetime != nil && *s.lifetime >= t.DormantMinLifetime {
		// No rating in a whole year is the stronger statement; say that one.
		if days := quietDays(s.ratings); days > 0 {
			j.add(reason(DormantAccount, market.SeverityHigh, t.PointsHigh,
				"lifetime", *s.lifetime, "days", days))
			dormant, unproven = true, true
		}
	}
	dropped := false
	if s.positive30 != nil && s.positive != nil && *s.positive-*s.positive30 >= t.RatingsDropPoints &&
		(s.ratings.Days30 == nil || *s.ratings.Days30 >= t.RatingsDropMinRecent) {
		j.add(reason(RecentRatingsDrop, market.SeverityMedium, t.PointsMedium,
			"recent", *s.positive30, "usual", *s.positive))
		dropped = true
	}
	lowPositive := s.positive != nil && *s.positive < t.LowPositive && !noRatings
	if lowPositive {
		j.add(reason(LowPositiveFeedback, market.SeverityMedium, t.PointsMedium, "percent", *s.positive))
	}
	active := positive(s.ratings.Days30) || positive(s.ratings.Days90) || positive(s.ratings.Months12)
	if s.profile && s.lifetime != nil && *s.lifetime >= t.EstablishedRatings && active &&
		!dormant && !dropped && (s.positive == nil || *s.positive >= t.EstablishedPositive) {
		j.add(reason(EstablishedSeller, market.SeverityGood, t.PointsEstablished, "ratings", *s.lifetime))
	}

	if s.name != "" && nameScore(s.name) >= t.SloppyName {
		j.add(reason(SloppySellerName, market.SeverityMedium, t.PointsMedium, "name", s.name))
	}

	if !s.profile {
		return unproven
	}
	switch home := m.Country(); {
	case s.country != "" && home != "" && s.country != home:
		j.add(reason(AddressOverseas, market.SeverityMedium, t.PointsMedium, "country", s.country))
	case s.country == "" && len(s.address) == 0 && addressRequired(m):
		j.add(reason(AddressMissing, market.SeverityMedium, t.PointsMedium))
	}
	if residential(s.address) {
		j.add(reason(AddressResidential, market.SeverityLow, t.PointsLow))
	}
	if offPlatform(s.about) {
		j.add(reason(OffPlatformContact, market.SeverityHigh, t.PointsOffPlatform))
	}
	return unproven
}

// quietDays is 365 when the seller had no rating in 12 months, 90 when
// none in 90 days, else 0. A 30-day gap alone is normal for small sellers.
func quietDays(r market.Ratings) int {
	switch {
	case r.Months12 != nil && *r.Months12 == 0:
		return 365
	case r.Days90 != nil && *r.Days90 == 0:
		return 90
	}
	return 0
}

func positive(n *int) bool { return n != nil && *n > 0 }

func maxKnown(ns ...*int) *int {
	var best *int
	for _, n := range ns {
		if n != nil && (best == nil || *n > *best) {
			best = n
		}
	}
	return best
}

// addressRequired: Japan's Specified Commercial Transactions Act and the
// EU's consumer rules make sellers publish a business address.
func addressRequired(m market.Marketplace) bool {
	switch m {
	case market.JP, market.DE, market.FR, market.ES, market.IT:
		return true
	}
	return false
}

var residentialJA = []string{"号室", "アパート", "マンション", "ハイツ", "コーポ", "メゾン", "レジデンス"}

// residentialEN matches the words that name a flat in an address line.
var residentialEN = regexp.MustCompile(`(?i)\b(apt|apartment|room|rm|flat)\b`)

// residential reports whether the address reads as a private flat (R6).
func residential(lines []string) bool {
	for _, line := range lines {
		for _, w := range residentialJA {
			if strings.Contains(line, w) {
				return true
			}
		}
		if residentialEN.MatchString(line) {
			return true
		}
	}
	return false
}

// deliveryDays is how many days away the latest promised delivery is, at
// least. The page's own duration counts, and so does the span from the
// earliest to the latest date: delivery starts in the future, so the
// latest date is at least that far away even when today is unknown (a
// saved page). With now, the latest date is resolved too. Dates carry no
// year; the year that puts the date nearest to now is meant ("01-20" seen
// on Dec 28 is next year's), and a date in the past counts as nothing.
func deliveryDays(d *market.Delivery, now time.Time) int {
	if d == nil {
		return 0
	}
	days := d.MaxDays
	ref := now
	if ref.IsZero() {
		ref = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // any day serves for the span
	}
	today := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())
	first, okFirst := monthDay(d.Earliest, today)
	last, okLast := monthDay(d.Latest, today)
	if okFirst && okLast {
		if last.Before(first) {
			last = last.AddDate(1, 0, 0) // "28 Dec - 9 Jan"
		}
		days = max(days, int(last.Sub(first).Hours()/24))
	}
	if now.IsZero() {
		return days
	}
	date, ok := last, okLast
	if !ok {
		date, ok = first, okFirst
	}
	if ok {
		for _, y := range []int{-1, 1} {
			if c := date.AddDate(y, 0, 0); c.Sub(today).Abs() < date.Sub(today).Abs() {
				date = c
			}
		}
		days = max(days, int(date.Sub(today).Hours()/24))
	}
	return days
}

// monthDay parses "MM-DD" into a date in today's year.
func monthDay(s string, today time.Time) (time.Time, bool) {
	t, err := time.Parse("01-02", s)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(today.Year(), t.Month(), t.Day(), 0, 0, 0, 0, today.Location()), true
}
