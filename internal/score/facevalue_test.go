package score

import (
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

func TestFaceValue(t *testing.T) {
	tests := []struct {
		title, currency string
		want            int64 // 0: none
	}{
		{"Apple Gift Card ¥10,000 (コード)", "JPY", 10000},
		{"Amazonギフトカード 5,000円分", "JPY", 5000},
		{"ｉＴｕｎｅｓ カード ￥３，０００", "JPY", 3000},
		{"$100 Apple Gift Card - App Store", "USD", 10000},
		{"$50 Steam Wallet Code", "CAD", 5000},
		{"Google Play Geschenkkarte 25 € (DE)", "EUR", 2500},
		{"Carte cadeau 50,00 € Fnac", "EUR", 5000},
		{"£20 Xbox gift card", "GBP", 2000},
		{"$100 Apple Gift Card", "JPY", 0},        // another currency's card says nothing here
		{"PlayStation Store Gift Card", "USD", 0}, // no amount
		{"Gift card holder, 3 pack", "USD", 0},    // a count is not money
		{"Geschenkkarte 2024 Edition", "EUR", 0},  // a year is not money
	}
	for _, tt := range tests {
		got, ok := faceValue(tt.title, tt.currency)
		if tt.want == 0 {
			if ok {
				t.Errorf("faceValue(%q, %s) = %v; want none", tt.title, tt.currency, got)
			}
			continue
		}
		if want := (market.Money{Amount: tt.want, Currency: tt.currency}); !ok || got != want {
			t.Errorf("faceValue(%q, %s) = %v, %v; want %v", tt.title, tt.currency, got, ok, want)
		}
	}
}
