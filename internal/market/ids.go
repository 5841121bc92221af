package market

import "regexp"

// The forms of Amazon's identifiers, in one place: the page reader keeps only
// IDs of this form, the API accepts only these, and the extension (which
// mirrors them in extension/lib/marketplaces.js, kept equal by a test) puts
// nothing else into a URL. An ID read from a hostile page that the API would
// refuse must not get as far as a report.
const (
	// SellerIDChars matches a merchant ID without anchors, for use inside
	// larger patterns ("seller=ID"): "A" and 7 to 19 upper-case letters or
	// digits, as every ID seen on every marketplace (AN1VRQENFRJN5,
	// A1THAZDOWP300U, AIF4G7PLKBOZY).
	SellerIDChars = `A[0-9A-Z]{7,19}`
	// ASINChars matches an ASIN (or an ISBN-10 used as one) without anchors.
	ASINChars = `[0-9A-Z]{10}`
)

var (
	sellerIDRe = regexp.MustCompile(`^` + SellerIDChars + `$`)
	asinRe     = regexp.MustCompile(`^` + ASINChars + `$`)
)

// ValidSellerID reports whether id has the form of an Amazon merchant ID.
func ValidSellerID(id string) bool { return sellerIDRe.MatchString(id) }

// ValidASIN reports whether s has the form of an ASIN.
func ValidASIN(s string) bool { return asinRe.MatchString(s) }
