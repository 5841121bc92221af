package market

import "errors"

// Why a page could not be read. These codes are stable: the extension and
// the CLI turn them into sentences.
const (
	PageCaptcha    = "PAGE_CAPTCHA"     // Amazon's robot check
	PageNotFound   = "PAGE_NOT_FOUND"   // "page not found" / dog page
	PageError      = "PAGE_ERROR"       // "Sorry! Something went wrong!"
	NotProductPage = "NOT_PRODUCT_PAGE" // some other Amazon page
	NoOffer        = "NO_OFFER"         // product page with nothing to buy (unavailable, pre-order with no seller)
	// NoFeaturedOffer: no buy-box offer, but the page names other offers
	// (Listing.OfferSummary); the all-offers panel has them.
	NoFeaturedOffer = "NO_FEATURED_OFFER"
	// DigitalItem: Kindle, MP3, apps — sold by Amazon or the publisher
	// directly, not a marketplace offer.
	DigitalItem = "DIGITAL_ITEM"
	// SignInPage: Amazon answered with its sign-in page instead.
	SignInPage = "SIGN_IN_PAGE"
	// OtherMarketplace: a seller page of another marketplace than the listing's.
	OtherMarketplace = "OTHER_MARKETPLACE"
	UnknownLayout    = "UNKNOWN_LAYOUT"  // a layout we cannot find the data in
	EmptyPage        = "EMPTY_PAGE"      // no input, or no HTML in it
	NotSellerPage    = "NOT_SELLER_PAGE" // a seller profile was expected
	NotStorefront    = "NOT_STOREFRONT"  // a storefront search was expected
	UnknownMarket    = "UNKNOWN_MARKETPLACE"
)

// UnreadableError says a page could not be read, and why. It is a result,
// not a failure of ours: the verdict for such a page is "could not read",
// never a score.
type UnreadableError struct {
	Code   string `json:"code"`
	Detail string `json:"detail,omitempty"`
}

func (e *UnreadableError) Error() string {
	if e.Detail == "" {
		return "page could not be read: " + e.Code
	}
	return "page could not be read: " + e.Code + ": " + e.Detail
}

// Unreadable returns an *UnreadableError with code and detail.
func Unreadable(code, detail string) error { return &UnreadableError{Code: code, Detail: detail} }

// AsUnreadable returns the *UnreadableError in err's chain, if any.
func AsUnreadable(err error) (*UnreadableError, bool) {
	var u *UnreadableError
	ok := errors.As(err, &u)
	return u, ok
}
