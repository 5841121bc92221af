package score

import (
	"fmt"
	"slices"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Reason codes. They are stable: the extension and the CLI look up the
// sentence "reason_<CODE>" in _locales/*/messages.json.
const (
	PriceFarBelowMarket     = "PRICE_FAR_BELOW_MARKET"     // R1 high
	PriceBelowMarket        = "PRICE_BELOW_MARKET"         // R1 medium ("somewhat cheap")
	PriceFarBelowListPrice  = "PRICE_FAR_BELOW_LIST_PRICE" // R1 high, against the list price
	CheapFromUnprovenSeller = "CHEAP_FROM_UNPROVEN_SELLER" // R1 together with R2 or R4
	CheapFromChangedAccount = "CHEAP_FROM_CHANGED_ACCOUNT" // R1 together with a takeover sign
	CheaperOfferUnproven    = "CHEAPER_OFFER_UNPROVEN"     // another offer far below, from an unproven seller
	HighValueThinRecord     = "HIGH_VALUE_THIN_RECORD"     // R2 scaled by what is at stake
	GiftCardThirdParty      = "GIFT_CARD_THIRD_PARTY"      // an item class fraudsters prefer
	GiftCardBelowFaceValue  = "GIFT_CARD_BELOW_FACE_VALUE" // and sold for less than it holds
	SellerNoRatings         = "SELLER_NO_RATINGS"          // R2 high
	SellerFewRatings        = "SELLER_FEW_RATINGS"         // R2 medium
	ManyListingsFewRatings  = "MANY_LISTINGS_FEW_RATINGS"  // R3
	DormantAccount          = "DORMANT_ACCOUNT"            // R4 high
	RecentRatingsDrop       = "RECENT_RATINGS_DROP"        // R4 medium
	RatingsCollapse         = "RATINGS_COLLAPSE"           // R4: star average fell (takeover.go)
	FeedbackNotDelivered    = "FEEDBACK_NOT_DELIVERED"     // R4: buyers say nothing came
	CategoryMismatch        = "CATEGORY_MISMATCH"          // R4: not what the shop sold before
	SellerRenamed           = "SELLER_RENAMED"             // R4: a former name on the page
	SloppySellerName        = "SLOPPY_SELLER_NAME"         // R5
	AddressOverseas         = "ADDRESS_OVERSEAS"           // R6
	AddressMissing          = "ADDRESS_MISSING"            // R6
	AddressResidential      = "ADDRESS_RESIDENTIAL"        // R6
	SoldByAmazon            = "SOLD_BY_AMAZON"             // R7 good
	FulfilledByAmazon       = "FULFILLED_BY_AMAZON"        // R7 good
	EstablishedSeller       = "ESTABLISHED_SELLER"         // good
	SellerFulfilled         = "SELLER_FULFILLED"           // R7 low
	LongDelivery            = "LONG_DELIVERY"              // R7 medium
	LowPositiveFeedback     = "LOW_POSITIVE_FEEDBACK"
	OffPlatformContact      = "OFF_PLATFORM_CONTACT"
	CommunityReports        = "COMMUNITY_REPORTS"

	// Informational: what could not be checked, so the badge can say so.
	SellerProfileUnavailable = "SELLER_PROFILE_UNAVAILABLE"
	NoBaseline               = "NO_BASELINE"
	NoPrice                  = "NO_PRICE"
	SellerUnknown            = "SELLER_UNKNOWN"
	ProfilePartNotRead       = "PROFILE_PART_NOT_READ"
	CrowdDisagrees           = "CROWD_DISAGREES"
	OtherOfferFarBelow       = "OTHER_OFFER_FAR_BELOW"
	OffersElsewhere          = "OFFERS_ELSEWHERE"
)

// Text signals (issues 8 and 12): impersonation.go, lure.go, name.go.
const (
	// Impersonation: the name claims Amazon or a brand's store it is not.
	Impersonation = "IMPERSONATION"
	// ListingOffPlatform: a request to leave Amazon in the title or bullets.
	ListingOffPlatform = "LISTING_OFF_PLATFORM_CONTACT"
	// ContactPublished: a contact address without a request (Japanese law
	// asks sellers to publish one); information.
	ContactPublished = "CONTACT_PUBLISHED"
	// SellerNamePinyin: a romanised Chinese company name, a cross-border
	// seller, which R5 does not call careless; information.
	SellerNamePinyin = "SELLER_NAME_PINYIN"
)

// paramNames lists, per code, the Params keys its reason carries. The
// sentences' {placeholders} must use exactly these (tested in explain).
var paramNames = map[string][]string{
	PriceFarBelowMarket:      {"price", "baseline", "percent"},
	PriceBelowMarket:         {"price", "baseline", "percent"},
	PriceFarBelowListPrice:   {"price", "baseline", "percent"},
	CheapFromUnprovenSeller:  nil,
	CheapFromChangedAccount:  nil,
	CheaperOfferUnproven:     {"price", "percent", "name"},
	HighValueThinRecord:      {"ratings", "price"},
	GiftCardThirdParty:       nil,
	GiftCardBelowFaceValue:   {"price", "face"},
	SellerNoRatings:          nil,
	SellerFewRatings:         {"ratings"},
	ManyListingsFewRatings:   {"listings", "ratings"},
	DormantAccount:           {"lifetime", "recent", "days"},
	RecentRatingsDrop:        {"recent", "usual"},
	RatingsCollapse:          {"recent", "usual", "days"},
	FeedbackNotDelivered:     {"comments"},
	CategoryMismatch:         {"category", "usual"},
	SellerRenamed:            {"former"},
	SloppySellerName:         {"name"},
	AddressOverseas:          {"country"},
	AddressMissing:           nil,
	AddressResidential:       nil,
	SoldByAmazon:             nil,
	FulfilledByAmazon:        nil,
	EstablishedSeller:        {"ratings"},
	SellerFulfilled:          nil,
	LongDelivery:             {"days", "about"},
	LowPositiveFeedback:      {"percent"},
	OffPlatformContact:       nil,
	CommunityReports:         {"reporters"},
	SellerProfileUnavailable: nil,
	NoBaseline:               nil,
	NoPrice:                  nil,
	SellerUnknown:            nil,
	Impersonation:            {"claims"},
	ListingOffPlatform:       nil,
	ContactPublished:         nil,
	SellerNamePinyin:         {"name"},
	ProfilePartNotRead:       {"part"},
	CrowdDisagrees:           {"crowd", "page"},
	OtherOfferFarBelow:       {"price", "percent"},
	OffersElsewhere:          {"count", "lowest"},
}

// Codes lists every reason code the scorer can emit, sorted.
func Codes() []string {
	codes := make([]string, 0, len(paramNames))
	for c := range paramNames {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// ParamNames lists the Params keys a reason with code carries, sorted
// (nil for a code without numbers or an unknown code).
func ParamNames(code string) []string {
	p := slices.Clone(paramNames[code])
	slices.Sort(p)
	return p
}

// reason builds a Reason from alternating key, value pairs; it is the
// only constructor, so a reason's keys can be checked against paramNames.
func reason(code string, sev market.Severity, points int, kv ...any) market.Reason {
	r := market.Reason{Code: code, Severity: sev, Points: points}
	if len(kv) > 0 {
		r.Params = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			r.Params[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return r
}
