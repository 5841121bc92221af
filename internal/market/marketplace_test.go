package market

import "testing"

func TestIsAmazonSellerID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"AN1VRQENFRJN5", true},   // Amazon.co.jp
		{"A3JWKAKR8XB7XF", true},  // Amazon EU S.à r.l. on amazon.de
		{"A2L77EE7U53NWQ", true},  // Amazon Warehouse / Resale, US
		{"A8KICS1PHF7ZO", true},   // Amazon Warehouse, DE
		{"A6T89FGPU3U0Q", true},   // Amazon Warehouse, ES
		{"A1PA6795UKMFR9", false}, // amazon.de's marketplace ID, not a seller
		{"A1THAZDOWP300U", false}, // uxcell
		{"", false},
	}
	for _, tt := range tests {
		if got := IsAmazonSellerID(tt.id); got != tt.want {
			t.Errorf("IsAmazonSellerID(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
}

func TestMarketplaceFromID(t *testing.T) {
	tests := []struct {
		id   string
		want Marketplace
		ok   bool
	}{
		{"A1VC38T7YXB528", JP, true},
		{"ATVPDKIKX0DER", US, true},
		{"A1PA6795UKMFR9", DE, true},
		{"AN1VRQENFRJN5", "", false}, // a seller ID, not a marketplace's
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := MarketplaceFromID(tt.id); got != tt.want || ok != tt.ok {
			t.Errorf("MarketplaceFromID(%q) = %q, %v; want %q, %v", tt.id, got, ok, tt.want, tt.ok)
		}
	}
}
