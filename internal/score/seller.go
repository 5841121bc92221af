package score

// What is known about the buy-box seller, and the seller rules in the
// order their reasons are listed.

import (
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
	stars        *market.Stars
	feedback     []market.Feedback
	categories   []market.CategoryCount
	formerName   string
	now          time.Time // the day judged, for the feedback's dates
	fba          bool      // the offer ships from Amazon's warehouse
	// notRead holds the profile's parts that were on the page but not
	// readable (Seller.NotRead): unknown, never "none".
	notRead      map[string]bool
	id           string // the offer's seller ID
	businessName string
	// panelEstablished: no profile, but Amazon's own rating line beside the
	// offer shows a long, well-rated record with ratings in the last year.
	panelEstablished bool
}

// The parts of a seller profile a reader may fail to read (Seller.NotRead).
const (
	partRatings = "ratings"
	partAddress = "address"
	partAbout   = "about"
)

func (t Thresholds) facts(o market.Offer, others []market.Offer, s *market.Seller, m market.Marketplace) sellerFacts {
	f := sellerFacts{name: o.SellerName, id: o.SellerID}
	if sameSeller(o, s, m) {
		// The storefront's figures come with the profile or alone.
		f.listings, f.categories = s.Listings, s.Categories
	}
	if sameSeller(o, s, m) && profileRead(s) {
		f.profile = true
		f.notRead = make(map[string]bool, len(s.NotRead))
		for _, p := range s.NotRead {
			f.notRead[strings.ToLower(strings.TrimSpace(p))] = true
		}
		if s.Name != "" {
			f.name = s.Name
		}
		f.feedback, f.formerName, f.businessName = s.Feedback, s.FormerName, s.BusinessName
		if !f.notRead[partAddress] {
			f.country = strings.ToUpper(strings.TrimSpace(s.Country))
			if f.country == "UK" {
				f.country = "GB" // Amazon UK pages print either
			}
			f.address = s.Address
		}
		if !f.notRead[partAbout] {
			f.about = s.About
		}
	}
	if f.profile && !f.notRead[partRatings] {
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
		f.stars = s.StarsBy
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
		// The panel's line ("468 ratings, 96% positive over the last 12
		// months") is Amazon's figure: enough to judge an unseen seller of
		// the panel instead of "can't tell", though not the profile's checks.
		f.panelEstablished = !f.profile && !r.JustLaunched && r.Count != nil && *r.Count >= t.EstablishedRatings &&
			r.PositivePercent != nil && *r.PositivePercent >= t.EstablishedPositive
	}
	return f
}

// sameSeller reports whether s can be about o's seller. A profile of some
// other seller (a stale cache, a wrong page) or of another marketplace
// says nothing about this offer.
func sameSeller(o market.Offer, s *market.Seller, m market.Marketplace) bool {
	switch {
	case s == nil:
		return false
	case s.ID != "" && o.SellerID != "" && s.ID != o.SellerID:
		return false
	case s.Marketplace != "" && m != "" && s.Marketplace != m:
		return false
	}
	return true
}

// profileRead reports whether the profile page said anything at all. An
// empty or not-yet-rendered page is no profile: taking its silence for
// facts would read "no ratings" and "no address" into it.
func profileRead(s *market.Seller) bool {
	r := s.Ratings
	return s.Name != "" || s.BusinessName != "" || s.JustLaunched || s.PositivePercent != nil || s.Stars != nil ||
		r.Lifetime != nil || r.Months12 != nil || r.Days90 != nil || r.Days30 != nil ||
		len(s.Address) > 0 || s.Country != "" || s.About != "" || s.StarsBy != nil || len(s.Feedback) > 0 ||
		len(s.NotRead) > 0
}

// sellerRules applies the rules about the seller, in the order their
// reasons are listed: ratings (R2–R4 and feedback, ratings.go), name (R5,
// name.go), and, when the seller profile was read, address (R6,
// address.go) and off-platform contact (contact.go). It reports whether
// the seller is "unproven": new, barely rated or dormant.
func (t Thresholds) sellerRules(j *judgement, s sellerFacts, m market.Marketplace, stake stake, category string) record {
	rec := t.ratingRules(j, s, stake, category)
	t.nameRule(j, s)
	if !s.profile {
		return rec
	}
	for _, p := range []string{partRatings, partAddress, partAbout} {
		if s.notRead[p] {
			j.add(reason(ProfilePartNotRead, market.SeverityInfo, 0, "part", p))
		}
	}
	t.addressRules(j, s, m, rec.established)
	if !s.notRead[partAbout] {
		t.contactRule(j, s)
	}
	return rec
}

func maxKnown(ns ...*int) *int {
	var best *int
	for _, n := range ns {
		if n != nil && (best == nil || *n > *best) {
			best = n
		}
	}
	return best
}
