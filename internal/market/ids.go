package market

import (
	"regexp"
	"strings"
)

// The forms of Amazon's identifiers, in one place: the page reader keeps only
// IDs of this form, the API accepts only these, and the extension (which gets
// them through the generated extension/lib/facts.js) puts nothing else into a
// URL. An ID read from a hostile page that the API would refuse must not get
// as far as a report.
const (
	// SellerIDChars matches a merchant ID without anchors, for use inside
	// larger patterns ("seller=ID"): "A" and 7 to 19 upper-case letters or
	// digits, as every ID seen on every marketplace (AN1VRQENFRJN5,
	// A1THAZDOWP300U, AIF4G7PLKBOZY).
	SellerIDChars = `A[0-9A-Z]{7,19}`
	// ASINChars matches an ASIN (or an ISBN-10 used as one) without anchors.
	ASINChars = `[0-9A-Z]{10}`
	// ASINPathPattern finds the ASIN in a product URL: /dp/ASIN (also after
	// a title slug), /gp/product/ASIN, the legacy offer list
	// /gp/offer-listing/ASIN and the mobile /gp/aw/d/ASIN. It is matched
	// case-insensitively: Amazon serves /dp/b01lw7x0jj as /dp/B01LW7X0JJ.
	ASINPathPattern = `/(?:dp|gp/product|gp/offer-listing|gp/aw/d)/(` + ASINChars + `)(?:[/?#]|$)`
)

var (
	sellerIDRe = regexp.MustCompile(`^` + SellerIDChars + `$`)
	asinRe     = regexp.MustCompile(`^` + ASINChars + `$`)
	asinPathRe = regexp.MustCompile(`(?i)` + ASINPathPattern)
)

// ValidSellerID reports whether id has the form of an Amazon merchant ID.
func ValidSellerID(id string) bool { return sellerIDRe.MatchString(id) }

// ValidASIN reports whether s has the form of an ASIN.
func ValidASIN(s string) bool { return asinRe.MatchString(s) }

// ASINFromURL returns the ASIN in a product URL's path, upper-cased, or ""
// when the URL names none.
func ASINFromURL(url string) string {
	if m := asinPathRe.FindStringSubmatch(url); m != nil {
		return strings.ToUpper(m[1])
	}
	return ""
}
