package market

import "time"

// Level is the verdict a shopper sees on the badge.
type Level string

const (
	LevelOK      Level = "ok"      // green: nothing worrying found
	LevelCaution Level = "caution" // amber
	LevelDanger  Level = "danger"  // red
	LevelUnknown Level = "unknown" // grey: not enough to judge — never pretend
)

// Levels lists every level in a fixed order.
func Levels() []Level { return []Level{LevelOK, LevelCaution, LevelDanger, LevelUnknown} }

// Severity of one reason. "good" marks signals that lower the risk.
type Severity string

const (
	SeverityGood   Severity = "good"
	SeverityInfo   Severity = "info"
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

// Reason is one finding behind a verdict. Code is stable; Params carries the
// numbers the extension and CLI put into the localized sentence.
type Reason struct {
	Code     string         `json:"code"`
	Severity Severity       `json:"severity"`
	Points   int            `json:"points"`
	Params   map[string]any `json:"params,omitempty"`
}

// Where the market baseline for the price rule came from, best first.
const (
	BaselineCrowd     = "crowd"     // the API's median of shoppers' observations
	BaselineOffers    = "offers"    // median of other offers from established sellers
	BaselineAmazon    = "amazon"    // Amazon's own offer
	BaselineListPrice = "listPrice" // list / reference price (参考価格)
)

// Verdict is the checker's answer for one listing.
type Verdict struct {
	Level   Level    `json:"level"`
	Score   int      `json:"score"` // 0 (no risk found) to 100
	Reasons []Reason `json:"reasons"`
	// BaselineSource names the baseline used for the price rule ("" if none).
	BaselineSource string `json:"baselineSource,omitempty"`
	Baseline       *Money `json:"baseline,omitempty"`
	// Unreadable is set when the page could not be read; Level is then unknown.
	Unreadable *UnreadableError `json:"unreadable,omitempty"`
}

// Baseline is the crowd's market price for a product (GET /v1/baselines).
type Baseline struct {
	Median       int64     `json:"median"`
	P25          int64     `json:"p25"`
	P75          int64     `json:"p75"`
	N            int       `json:"n"`
	Contributors int       `json:"contributors"`
	Currency     string    `json:"currency"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// Report reasons a shopper can give (POST /v1/reports).
const (
	ReportNotDelivered       = "NOT_DELIVERED"
	ReportCounterfeit        = "COUNTERFEIT"
	ReportPriceTooLow        = "PRICE_TOO_LOW"
	ReportOffPlatformContact = "OFF_PLATFORM_CONTACT"
	ReportHijackedAccount    = "HIJACKED_ACCOUNT"
	ReportOther              = "OTHER"
)

// ReportReasons lists every report reason in display order.
func ReportReasons() []string {
	return []string{ReportNotDelivered, ReportCounterfeit, ReportPriceTooLow,
		ReportOffPlatformContact, ReportHijackedAccount, ReportOther}
}

// ValidReportReason reports whether r is one of ReportReasons.
func ValidReportReason(r string) bool {
	for _, x := range ReportReasons() {
		if x == r {
			return true
		}
	}
	return false
}

// MaxReportNote is the longest note a report may carry, in characters.
const MaxReportNote = 500

// Report is one shopper's report of a seller.
type Report struct {
	Marketplace Marketplace `json:"marketplace"`
	SellerID    string      `json:"sellerId"`
	ASIN        string      `json:"asin,omitempty"`
	Reasons     []string    `json:"reasons"`
	Note        string      `json:"note,omitempty"`
}

// Observation is one anonymous price seen by a shopper who opted in.
type Observation struct {
	Marketplace Marketplace `json:"marketplace"`
	ASIN        string      `json:"asin"`
	Price       int64       `json:"price"`
	Currency    string      `json:"currency"`
	Condition   Condition   `json:"condition"`
	SellerKind  Fulfillment `json:"sellerKind"`
}

// SellerReputation is what the crowd has reported about a seller
// (GET /v1/sellers/{marketplace}/{sellerId}).
type SellerReputation struct {
	Reports   int            `json:"reports"`
	Reporters int            `json:"reporters"`
	Reasons   map[string]int `json:"reasons"`
	FirstAt   *time.Time     `json:"firstAt,omitempty"`
	LastAt    *time.Time     `json:"lastAt,omitempty"`
}

// Context is everything besides the listing that the scorer may use. Every
// part is optional; what is missing makes the verdict less sure, never
// falsely safe.
type Context struct {
	Baseline   *Baseline         `json:"baseline,omitempty"`
	Seller     *Seller           `json:"seller,omitempty"`
	Reputation *SellerReputation `json:"reputation,omitempty"`
	// Now resolves delivery dates; zero means the scorer's caller did not say.
	Now time.Time `json:"now,omitempty"`
	// PanelOffer says the offer is judged as one entry of the all-offers
	// panel, not as the page's buy box: what the page's other offers say
	// (a far cheaper offer elsewhere) is about the page, not about it.
	PanelOffer bool `json:"panelOffer,omitempty"`
}
