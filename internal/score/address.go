package score

// R6: the seller's address is overseas, or looks like a private home
// (出品者の国外住所または個人宅と思われる住所). Read from the seller
// profile's "Detailed Seller Information"; a marketplace whose law makes
// sellers publish an address and a profile without one is a warning too.

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/mikiwame/mikiwame/internal/market"
)

// addressRules is R6; it runs only on a seller profile that was read,
// and not at all when the address was on the page but not readable.
// An overseas address of an established seller (a long, active,
// well-rated record) is information: many honest sellers are abroad.
func (t Thresholds) addressRules(j *judgement, s sellerFacts, m market.Marketplace, established bool) {
	if s.notRead[partAddress] {
		return
	}
	switch home := m.Country(); {
	case s.country != "" && home != "" && s.country != home:
		if established {
			j.add(reason(AddressOverseas, market.SeverityInfo, 0, "country", s.country))
		} else {
			j.add(reason(AddressOverseas, market.SeverityMedium, t.PointsMedium, "country", s.country))
		}
	case s.country == "" && len(s.address) == 0 && addressRequired(m):
		j.add(reason(AddressMissing, market.SeverityMedium, t.PointsMedium))
	}
	if t.residential(s.country, s.address) {
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

// residential reports whether an address line reads as a private flat
// by the cues for country (the default cues when it has none of its own).
func (t Thresholds) residential(country string, lines []string) bool {
	cues, ok := t.Residential[country]
	if !ok {
		cues = t.Residential[""]
	}
	for _, line := range lines {
		line = norm.NFKC.String(line) // full-width "ＲＯＯＭ" is "ROOM"
		for _, cue := range cues.Cues {
			if strings.Contains(line, cue) {
				return true
			}
		}
		// Words are split where an ASCII word ends, so "Apt4B" is one
		// word and "Roomy" is not "Room".
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !isWordChar(r) }) {
			for _, cue := range cues.Words {
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
