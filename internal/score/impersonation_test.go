package score

import (
	"slices"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

func TestImpersonates(t *testing.T) {
	tests := []struct {
		name, brand, want string
	}{
		{"Amazon Japan Store", "", "Amazon"},
		{"アマゾン公式", "", "Amazon"},
		{"Amazon.co.jp 販売", "", "Amazon"},
		{"Amaz0n Store", "", "Amazon"},
		{"AMAZON-JP", "", "Amazon"},
		{"Аmazon", "", "Amazon"},   // Cyrillic А
		{"ＡＭＡＺＯＮ公式", "", "Amazon"}, // full-width
		{"亚马逊旗舰店", "", "Amazon"},
		{"Amazon.co.jp", "", ""}, // Amazon's own name over an unknown ID: R7's case, not a lie
		{"Amazon Warehouse", "", ""},
		{"Amazonas Books", "", ""}, // a river, not the shop
		{"Amazonia Trading", "", ""},
		{"Sony Official Shop", "Anbes", "sony"},
		{"ソニー公式ストア", "Generic", "ソニー"},
		{"ソニー公式ストア", "Sony", ""}, // a known alias of the listing's brand
		{"Apple Authorized Store", "Apple", ""},
		{"Official Nike Store", "Puma", "nike"},
		{"GGIENRUI Official Store", "GGIENRUI", ""},
		{"Huawei Official Store", "HUAWEI", ""},
		{"アイリスオーヤマ公式", "アイリスオーヤマ(IRIS OHYAMA)", ""},
		{"Sоny Audio Shop", "Sony", "Sony"}, // Cyrillic о spelling the listing's brand
		{"Sony Official Shop", "", ""},      // listing brand unknown: nothing to compare
		{"Anker Direct", "Sony", ""},        // no claim to be official
		{"株式会社ABC商事", "ABC", ""},
		{"ThriftBooks-Atlanta", "", ""},
	}
	for _, tt := range tests {
		if got := impersonates(tt.name, tt.brand); got != tt.want {
			t.Errorf("impersonates(%q, %q) = %q; want %q", tt.name, tt.brand, got, tt.want)
		}
	}
}

// TestTextRules runs the text rules through Score: the reasons they add
// and the level they lead to.
func TestTextRules(t *testing.T) {
	lifetime := 500
	positive := 97
	seller := func(name, about string) *market.Seller {
		return &market.Seller{ID: "A3RDPARTY", Name: name, About: about, Country: "JP", Address: []string{"東京都", "JP"},
			PositivePercent: &positive, Ratings: market.Ratings{Days30: &lifetime, Days90: &lifetime, Months12: &lifetime, Lifetime: &lifetime}}
	}
	listing := func(name, brand, title string, bullets ...string) market.Listing {
		return market.Listing{Marketplace: market.JP, Title: title, Bullets: bullets, Brand: brand,
			Offer: &market.Offer{SellerName: name, SellerID: "A3RDPARTY", Fulfillment: market.FulfilledByAmazon,
				Price: &market.Money{Amount: 2980, Currency: "JPY"}}}
	}
	tests := []struct {
		name      string
		l         market.Listing
		s         *market.Seller
		want      string
		wantLevel market.Level
	}{
		{"Amazon claim by a third party", listing("Amazon Japan Store", "", "USB cable"), seller("Amazon Japan Store", ""), Impersonation, market.LevelCaution},
		{"brand store selling its brand", listing("Anker Official Store", "Anker", "USB cable"), seller("Anker Official Store", ""), "", market.LevelOK},
		{"lure in a bullet", listing("Good Shop", "", "USB cable", "【ご注文前にLINEでご連絡ください】"), seller("Good Shop", ""), ListingOffPlatform, market.LevelDanger},
		{"LINE FRIENDS in a title", listing("Good Shop", "LINE FRIENDS", "LINE FRIENDS ぬいぐるみ"), seller("Good Shop", ""), "", market.LevelOK},
		{"published support address", listing("Good Shop", "", "USB cable"), seller("Good Shop", "お問い合わせ先：info@good-shop.co.jp"), ContactPublished, market.LevelOK},
		{"request in the about text", listing("Good Shop", "", "USB cable"), seller("Good Shop", "お支払いは銀行振込でお願いします"), OffPlatformContact, market.LevelDanger},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Score(tt.l, market.Context{Seller: tt.s})
			codes := reasonCodes(v)
			for _, c := range []string{Impersonation, ListingOffPlatform, ContactPublished, OffPlatformContact} {
				if has := slices.Contains(codes, c); has != (c == tt.want) {
					t.Errorf("Score() reasons = %v; want %s among them: %v", codes, c, c == tt.want)
				}
			}
			if v.Level != tt.wantLevel {
				t.Errorf("Score() level = %s (%d, %v); want %s", v.Level, v.Score, codes, tt.wantLevel)
			}
		})
	}
}
