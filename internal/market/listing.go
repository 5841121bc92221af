package market

// Money is an amount in the currency's minor unit (yen, cents, pence).
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Fulfillment says who sells and who ships an offer. It is also the
// "sellerKind" of a price observation sent to the API.
type Fulfillment string

const (
	// SoldByAmazon: Amazon is the seller and ships (safest, R7).
	SoldByAmazon Fulfillment = "amazon"
	// FulfilledByAmazon: a third-party seller, shipped from Amazon's warehouse (FBA).
	FulfilledByAmazon Fulfillment = "fba"
	// SellerFulfilled: the third-party seller ships it themselves.
	SellerFulfilled Fulfillment = "merchant"
	// FulfillmentUnknown: the page did not say.
	FulfillmentUnknown Fulfillment = ""
)

// Valid reports whether f is one of the named kinds (unknown included).
func (f Fulfillment) Valid() bool {
	switch f {
	case SoldByAmazon, FulfilledByAmazon, SellerFulfilled, FulfillmentUnknown:
		return true
	}
	return false
}

// Condition of the item on offer.
type Condition string

const (
	New         Condition = "new"
	Used        Condition = "used"
	Refurbished Condition = "refurbished"
	Collectible Condition = "collectible"
)

// Valid reports whether c is one of the named conditions.
func (c Condition) Valid() bool {
	switch c {
	case New, Used, Refurbished, Collectible:
		return true
	}
	return false
}

// Delivery is the delivery promise shown with an offer.
type Delivery struct {
	// Text is the promise as the page words it, trimmed.
	Text string `json:"text,omitempty"`
	// Earliest and Latest are the promised dates as "MM-DD" (Amazon omits the
	// year); the scorer resolves them against the current date.
	Earliest string `json:"earliest,omitempty"`
	Latest   string `json:"latest,omitempty"`
	// MaxDays is set when the page words the promise as a duration
	// ("usually dispatched within 4 to 5 weeks", 通常4～5週間以内に発送).
	MaxDays int `json:"maxDays,omitempty"`
}

// OfferRating is the seller rating summary printed next to an offer in the
// all-offers panel or the legacy offer list.
type OfferRating struct {
	Count           *int     `json:"count,omitempty"`
	PositivePercent *int     `json:"positivePercent,omitempty"`
	Stars           *float64 `json:"stars,omitempty"`
	JustLaunched    bool     `json:"justLaunched,omitempty"`
}

// Offer is one seller's offer for a product.
type Offer struct {
	SellerName  string       `json:"sellerName,omitempty"`
	SellerID    string       `json:"sellerId,omitempty"`
	Fulfillment Fulfillment  `json:"fulfillment"`
	Price       *Money       `json:"price,omitempty"`
	Shipping    *Money       `json:"shipping,omitempty"`
	Condition   Condition    `json:"condition,omitempty"`
	Prime       bool         `json:"prime,omitempty"`
	Delivery    *Delivery    `json:"delivery,omitempty"`
	Rating      *OfferRating `json:"rating,omitempty"`
	// Pinned marks the featured (buy box) offer in the all-offers panel.
	Pinned bool `json:"pinned,omitempty"`
}

// Total is price plus shipping, or nil when the price is unknown or the
// sum does not fit in an int64 (no real price does).
func (o Offer) Total() *Money {
	if o.Price == nil {
		return nil
	}
	t := *o.Price
	if o.Shipping != nil && o.Shipping.Currency == t.Currency {
		sum := t.Amount + o.Shipping.Amount
		if (sum > t.Amount) != (o.Shipping.Amount > 0) {
			return nil // wrapped around
		}
		t.Amount = sum
	}
	return &t
}

// Listing is what one product page (or a fragment of it) says about what is
// for sale: the buy-box offer and whatever other offers were on view.
type Listing struct {
	Marketplace Marketplace `json:"marketplace"`
	ASIN        string      `json:"asin,omitempty"`
	Title       string      `json:"title,omitempty"`
	URL         string      `json:"url,omitempty"`
	// Offer is the buy-box offer: the one the shopper is about to buy.
	Offer *Offer `json:"offer,omitempty"`
	// Offers are the other offers read from the all-offers panel or the
	// legacy offer-listing page.
	Offers []Offer `json:"offers,omitempty"`
	// ListPrice is the list / reference price (参考価格, "List Price", "RRP").
	ListPrice *Money `json:"listPrice,omitempty"`
	// Bullets are the listing's feature bullets. A third party that
	// created the listing wrote them, so they can carry lures (R8).
	Bullets []string `json:"bullets,omitempty"`
	// Brand is the byline's brand ("Visit the Sony Store", "Brand: Sony").
	Brand string `json:"brand,omitempty"`
	// Category is the breadcrumb's path, outermost first, joined by " > ".
	Category string `json:"category,omitempty"`
	// OfferSummary is the "N new/used offers from X" line: present when the
	// page names other offers, whether or not it has a featured offer.
	OfferSummary *OfferSummary `json:"offerSummary,omitempty"`
}

// OfferSummary is what a product page says about offers beyond the buy box:
// "174 new & used offers from ¥35,643", 「新品の出品：5¥1,980より」.
type OfferSummary struct {
	Count     int       `json:"count,omitempty"`
	Lowest    *Money    `json:"lowest,omitempty"`
	Condition Condition `json:"condition,omitempty"` // "" when new and used are mixed
}

// Ratings are a seller's rating counts per period; nil means the page did
// not show that period.
type Ratings struct {
	Days30   *int `json:"days30,omitempty"`
	Days90   *int `json:"days90,omitempty"`
	Months12 *int `json:"months12,omitempty"`
	Lifetime *int `json:"lifetime,omitempty"`
}

// Stars are a seller's average star rating (out of 5) per period, as the
// 2023+ profile shows them; nil means the page did not show that period.
type Stars struct {
	Days30   *float64 `json:"days30,omitempty"`
	Days90   *float64 `json:"days90,omitempty"`
	Months12 *float64 `json:"months12,omitempty"`
	Lifetime *float64 `json:"lifetime,omitempty"`
}

// Feedback is one buyer's comment from the seller profile's first page.
type Feedback struct {
	Stars int    `json:"stars,omitempty"` // 1–5; 0 when not shown
	Text  string `json:"text,omitempty"`
	// Date is "YYYY-MM-DD" when the page gives a year, else "MM-DD".
	Date string `json:"date,omitempty"`
}

// CategoryCount is one department of a storefront with its result count.
type CategoryCount struct {
	Name  string `json:"name"`
	Count int    `json:"count,omitempty"`
}

// Seller is what the seller profile page and the storefront say about a seller.
type Seller struct {
	ID          string      `json:"id,omitempty"`
	Marketplace Marketplace `json:"marketplace,omitempty"`
	Name        string      `json:"name,omitempty"`
	// JustLaunched is Amazon's own "just launched" / no-ratings marker.
	JustLaunched    bool     `json:"justLaunched,omitempty"`
	PositivePercent *int     `json:"positivePercent,omitempty"` // 12 months, as the header shows
	Stars           *float64 `json:"stars,omitempty"`
	Ratings         Ratings  `json:"ratings"`
	// PositivePercent30 is the positive share over 30 days, when shown; a sharp
	// fall against the 12-month figure is a hijack hint (R4).
	PositivePercent30 *int     `json:"positivePercent30,omitempty"`
	BusinessName      string   `json:"businessName,omitempty"`
	Address           []string `json:"address,omitempty"`
	// Country is the ISO 3166-1 alpha-2 code on the address's last line.
	Country string `json:"country,omitempty"`
	Phone   string `json:"phone,omitempty"`
	About   string `json:"about,omitempty"`
	// Listings is the storefront's result count; ListingsAtLeast is set when
	// the page said "over N" (N以上).
	Listings        *int `json:"listings,omitempty"`
	ListingsAtLeast bool `json:"listingsAtLeast,omitempty"`
	// StarsBy is the star average per period (2023+ layout).
	StarsBy *Stars `json:"starsBy,omitempty"`
	// Feedback is the newest buyer comments the profile shows; recent ones
	// saying the item never came are evidence of a takeover (R4).
	Feedback []Feedback `json:"feedback,omitempty"`
	// Categories are the storefront's departments, largest first.
	Categories []CategoryCount `json:"categories,omitempty"`
	// FormerName is a previous display name where the page shows one.
	FormerName string `json:"formerName,omitempty"`
	// NotRead lists the parts of the profile that were on the page but in
	// a wording or layout the reader does not know ("ratings", "address",
	// "about"): unknown, never "none" (a zero count, no address).
	NotRead []string `json:"notRead,omitempty"`
	// Language is the interface language the page was served in ("ja",
	// "en", "zh", "de", …), "" when not known.
	Language string `json:"language,omitempty"`
}

// Storefront is what a seller's storefront search page (/s?me=ID) says.
type Storefront struct {
	SellerID string `json:"sellerId,omitempty"`
	Listings int    `json:"listings"`
	AtLeast  bool   `json:"atLeast,omitempty"`
	// Categories are the departments the search can be narrowed to.
	Categories []CategoryCount `json:"categories,omitempty"`
}
