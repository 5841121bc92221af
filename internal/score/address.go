package score

// R6: the seller's address is overseas, or looks like a private home
// (出品者の国外住所または個人宅と思われる住所). Read from the seller
// profile's "Detailed Seller Information"; a marketplace whose law makes
// sellers publish an address and a profile without one is a warning too.

import (
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
)

// addressRules is R6; it runs only on a seller profile that was read.
func (t Thresholds) addressRules(j *judgement, s sellerFacts, m market.Marketplace) {
	switch home := m.Country(); {
	case s.country != "" && home != "" && s.country != home:
		j.add(reason(AddressOverseas, market.SeverityMedium, t.PointsMedium, "country", s.country))
	case s.country == "" && len(s.address) == 0 && addressRequired(m):
		j.add(reason(AddressMissing, market.SeverityMedium, t.PointsMedium))
	}
	if t.residential(s.address) {
		j.add(reason(AddressResidential, market.SeverityLow, t.PointsLow))
	}
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

// residential reports whether an address line reads as a private flat:
// it contains one of ResidentialCues, or one of ResidentialWords as a
// whole word in any case.
func (t Thresholds) residential(lines []string) bool {
	for _, line := range lines {
		for _, cue := range t.ResidentialCues {
			if strings.Contains(line, cue) {
				return true
			}
		}
		// Words are split where an ASCII word ends, so "Apt4B" is one
		// word and "Roomy" is not "Room".
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !isWordChar(r) }) {
			for _, cue := range t.ResidentialWords {
				if strings.EqualFold(w, cue) {
					return true
				}
			}
		}
	}
	return false
}

func isWordChar(r rune) bool {
	return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}
