package score

// What is known about the buy-box seller, and the seller rules in the
// order their reasons are listed.

import (
	"strings"

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
	id           string // the offer's seller ID
	businessName string
}

func (t Thresholds) facts(o market.Offer, others []market.Offer, s *market.Seller) sellerFacts {
	f := sellerFacts{name: o.SellerName, id: o.SellerID}
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
		f.address, f.about, f.businessName = s.Address, s.About, s.BusinessName
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

// sellerRules applies the rules about the seller, in the order their
// reasons are listed: ratings (R2–R4 and feedback, ratings.go), name (R5,
// name.go), and, when the seller profile was read, address (R6,
// address.go) and off-platform contact (contact.go). It reports whether
// the seller is "unproven": new, barely rated or dormant.
func (t Thresholds) sellerRules(j *judgement, s sellerFacts, m market.Marketplace) (unproven bool) {
	unproven = t.ratingRules(j, s)
	t.nameRule(j, s)
	if !s.profile {
		return unproven
	}
	t.addressRules(j, s, m)
	t.contactRule(j, s)
	return unproven
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
