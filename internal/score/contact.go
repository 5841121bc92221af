package score

// Off-platform contact (DESIGN.md "Also"; the 2017 wave's about texts):
// a seller who moves the buyer off Amazon, to a messenger, an e-mail
// address or a bank transfer, takes the sale out of reach of the A-to-z
// guarantee. Amazon forbids it, so it weighs more than any other sign.
// lure.go reads the texts for the request; a published contact address
// without one is information only.

import "github.com/mikiwame/mikiwame/internal/market"

// contactRule reads what the seller wrote on a profile that was read:
// the about text and the business name.
func (t Thresholds) contactRule(j *judgement, s sellerFacts) {
	switch max(readLure(s.about), readLure(s.businessName)) {
	case request:
		j.add(reason(OffPlatformContact, market.SeverityHigh, t.PointsOffPlatform))
	case published:
		j.add(reason(ContactPublished, market.SeverityInfo, 0))
	}
}

// listingLureRule reads the title and bullet points: only a third party
// that created the listing writes a lure there, and a published support
// address in a bullet is no news, so only a request counts.
func (t Thresholds) listingLureRule(j *judgement, l market.Listing) {
	for _, text := range append([]string{l.Title}, l.Bullets...) {
		if readLure(text) == request {
			j.add(reason(ListingOffPlatform, market.SeverityHigh, t.PointsOffPlatform))
			return
		}
	}
}

// offPlatform reports whether text asks the buyer to contact or pay
// outside Amazon.
func offPlatform(text string) bool { return readLure(text) == request }
