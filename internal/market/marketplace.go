package market

import "strings"

// Marketplace is an Amazon storefront by its short code: JP, US, UK, DE, FR,
// ES, IT or CA.
type Marketplace string

// The marketplaces Mikiwame knows. Japan comes first: the product started there.
const (
	JP Marketplace = "JP"
	US Marketplace = "US"
	UK Marketplace = "UK"
	DE Marketplace = "DE"
	FR Marketplace = "FR"
	ES Marketplace = "ES"
	IT Marketplace = "IT"
	CA Marketplace = "CA"
)

type marketplaceInfo struct {
	host     string // www host without the "www."
	currency string // ISO 4217
	country  string // ISO 3166-1 alpha-2 of the seller address that counts as domestic
	amazonID string // Amazon's own seller ID on this marketplace
	lang     string // default interface language
	// marketplaceID is the marketplace's own ID, which storefront links
	// carry as marketplaceID= (kaskadi/mws-client data/marketplaces.js;
	// US's equals Amazon.com's seller ID).
	marketplaceID string
}

var marketplaces = map[Marketplace]marketplaceInfo{
	JP: {"amazon.co.jp", "JPY", "JP", "AN1VRQENFRJN5", "ja", "A1VC38T7YXB528"},
	US: {"amazon.com", "USD", "US", "ATVPDKIKX0DER", "en", "ATVPDKIKX0DER"},
	UK: {"amazon.co.uk", "GBP", "GB", "A3P5ROKL5A1OLE", "en", "A1F83G8C2ARO7P"},
	DE: {"amazon.de", "EUR", "DE", "A3JWKAKR8XB7XF", "de", "A1PA6795UKMFR9"},
	FR: {"amazon.fr", "EUR", "FR", "A1X6FK5RDHNB96", "fr", "A13V1IB3VIYZZH"},
	ES: {"amazon.es", "EUR", "ES", "A1AT7YVPFBWXBL", "es", "A1RKKUPIHCS9HS"},
	IT: {"amazon.it", "EUR", "IT", "A11IL2PNWYJU7H", "it", "APJ6JRA9NG5V4"},
	CA: {"amazon.ca", "CAD", "CA", "A3DWYIK6Y9EEQB", "en", "A2EUQ1WTGCTBG2"},
}

// MarketplaceFromID maps a marketplace ID (the marketplaceID= of a
// storefront link) to its marketplace.
func MarketplaceFromID(id string) (Marketplace, bool) {
	for _, m := range Marketplaces() {
		if id != "" && marketplaces[m].marketplaceID == id {
			return m, true
		}
	}
	return "", false
}

// Marketplaces lists every known code in a fixed order.
func Marketplaces() []Marketplace { return []Marketplace{JP, US, UK, DE, FR, ES, IT, CA} }

// Valid reports whether m is a known marketplace code.
func (m Marketplace) Valid() bool { _, ok := marketplaces[m]; return ok }

// Currency is the ISO 4217 code prices on m are shown in ("" if m is unknown).
func (m Marketplace) Currency() string { return marketplaces[m].currency }

// Country is the ISO country code of a domestic seller address on m.
func (m Marketplace) Country() string { return marketplaces[m].country }

// AmazonSellerID is Amazon's own merchant ID on m.
func (m Marketplace) AmazonSellerID() string { return marketplaces[m].amazonID }

// Host is m's web host without "www." ("amazon.co.jp").
func (m Marketplace) Host() string { return marketplaces[m].host }

// Language is the default interface language of m ("ja", "en", "de", …).
func (m Marketplace) Language() string { return marketplaces[m].lang }

// MarketplaceFromHost maps a host name such as "www.amazon.co.jp" or
// "smile.amazon.com" (with or without a port) to its marketplace. The second
// result is false for any host that is not an Amazon storefront we know.
func MarketplaceFromHost(host string) (Marketplace, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	for _, m := range Marketplaces() {
		h := marketplaces[m].host
		if host == h || strings.HasSuffix(host, "."+h) {
			return m, true
		}
	}
	return "", false
}

// amazonEntities are Amazon's other selling entities: the seller IDs under
// which Amazon sells returned and open-box stock (Amazon Warehouse, since
// 2022 Amazon Resale). Only IDs found in public code are listed; where none
// was found (JP's Amazonアウトレット, CA) the name is the only sign, and
// names are a fallback for when no ID is shown (see package amazon).
//
// Sources: keepacom/api_backend Seller.java documents A2L77EE7U53NWQ as
// "Amazon.com Warehouse Deals"; a public C# Warehouse-deals scanner lists
// the .de/.it/.fr/.es/.co.uk "WHD Seller ID"s, and two public Java crawlers
// map A2OAJ7377F756P, A8KICS1PHF7ZO and A2L77EE7U53NWQ to "Amazon
// Warehouse Deals" (found with an exact-string search of public code).
var amazonEntities = map[string]Marketplace{
	"A2L77EE7U53NWQ": US, // Amazon Warehouse / Amazon Resale
	"A2OAJ7377F756P": UK, // Amazon Warehouse
	"A8KICS1PHF7ZO":  DE, // Amazon Warehouse
	"A2CVHYRTWLQO9T": FR, // Amazon Warehouse
	"A6T89FGPU3U0Q":  ES, // Amazon Warehouse
	"A1HO9729ND375Y": IT, // Amazon Warehouse
}

// IsAmazonSellerID reports whether id is one of Amazon's own merchant IDs
// on any marketplace: the marketplace's retail ID (the one a shopper sees
// when Amazon itself sells; Amazon EU S.à r.l. on the EU marketplaces,
// Amazon.com Services LLC on amazon.com) or another Amazon selling entity
// such as Amazon Warehouse.
func IsAmazonSellerID(id string) bool {
	if id == "" {
		return false
	}
	if _, ok := amazonEntities[id]; ok {
		return true
	}
	for _, info := range marketplaces {
		if info.amazonID == id {
			return true
		}
	}
	return false
}

// MinorUnits is how many minor units make one major unit of currency
// (1 for JPY, 100 for the others we know). Unknown currencies get 100.
func MinorUnits(currency string) int64 {
	if currency == "JPY" {
		return 1
	}
	return 100
}

// KnownCurrency reports whether currency is one a marketplace we know uses.
func KnownCurrency(currency string) bool {
	for _, info := range marketplaces {
		if info.currency == currency {
			return true
		}
	}
	return false
}
