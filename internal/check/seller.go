package check

import (
	"fmt"

	"github.com/mikiwame/mikiwame/internal/market"
)

// OtherSellerError says a page belongs to another seller than the one it
// was read for. Judging one seller by another's record would mislead, so
// such a page is left out.
type OtherSellerError struct {
	Page string // "profile" or "storefront"
	Got  string // whose page it is
	Want string // whose page it should have been
}

func (e *OtherSellerError) Error() string {
	return fmt.Sprintf("the %s is seller %s's, not %s's", e.Page, e.Got, e.Want)
}

// SellerOf is profile as the record of seller sellerID (the buy-box
// seller; "" when the listing names none). A profile that does not say
// whose it is takes sellerID; one of another seller is an
// *OtherSellerError.
func SellerOf(sellerID string, profile market.Seller) (market.Seller, error) {
	switch {
	case profile.ID == "":
		profile.ID = sellerID
	case sellerID != "" && profile.ID != sellerID:
		return market.Seller{}, &OtherSellerError{Page: "profile", Got: profile.ID, Want: sellerID}
	}
	return profile, nil
}

// WithStorefront is s with the listing count and departments of
// storefront sf, unless sf is another seller's (*OtherSellerError). A
// storefront alone says nothing about ratings or address, which is why it
// only ever adds to a profile.
func WithStorefront(s market.Seller, sf market.Storefront) (market.Seller, error) {
	if sf.SellerID != "" && s.ID != "" && sf.SellerID != s.ID {
		return s, &OtherSellerError{Page: "storefront", Got: sf.SellerID, Want: s.ID}
	}
	n := sf.Listings
	s.Listings, s.ListingsAtLeast = &n, sf.AtLeast
	if len(sf.Categories) > 0 {
		s.Categories = sf.Categories
	}
	return s, nil
}

// Seller merges a seller profile (JSON of market.Seller, as Extract gave
// it) with a storefront (JSON of market.Storefront; empty when none could
// be read) into the record of seller sellerID. A profile of another seller
// fails; a storefront of another seller is left out, as one that could not
// be read would be.
func Seller(profileJSON, storefrontJSON, sellerID string) Envelope {
	return Safe(func() Envelope {
		if sellerID != "" && !market.ValidSellerID(sellerID) {
			return Fail("seller ID %q is not an Amazon seller ID", truncate(sellerID, 24))
		}
		var p market.Seller
		if err := decode("seller", profileJSON, &p, true); err != nil {
			return failErr(err)
		}
		var sf *market.Storefront
		if err := decode("storefront", storefrontJSON, &sf, false); err != nil {
			return failErr(err)
		}
		s, err := SellerOf(sellerID, p)
		if err != nil {
			return failErr(err)
		}
		if sf != nil {
			if merged, err := WithStorefront(s, *sf); err == nil {
				s = merged
			}
		}
		return Envelope{OK: true, Seller: &s}
	})
}
