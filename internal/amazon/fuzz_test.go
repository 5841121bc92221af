package amazon

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mikiwame/mikiwame/internal/market"
)

// addSeeds seeds f with the small hand-made pages whose name starts with
// prefix, a few hostile snippets, and (when the shared fixtures are there)
// the fragment of one real product page.
func addSeeds(f *testing.F, prefix string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pages", prefix+"*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "<", "<html><body></body></html>", "\xff\xfe\x00",
		strings.Repeat("<div>", 500) + "x",
		`<div id="merchant-info">Sold by <a href="?seller=A1SELLER000001">x</a></div><span id="price_inside_buybox">$1</span>`,
		`<div id="aod-offer"><div id="aod-offer-price"><span class="a-price"><span class="a-offscreen">$1</span></span></div></div>`,
		`<span data-component-type="s-result-info-bar"><h1>1-16 of over 1,000 results</h1></span>`,
		`<h1 id="seller-name">x</h1><div id="seller-info-feedback-summary"><b>99%</b> (1 rating)</div>`,
	} {
		f.Add([]byte(s))
	}
	if prefix == kindProduct {
		page, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "fixtures", "amazon", "jp", "amazon_jp_available.html"))
		if err == nil {
			f.Add([]byte(buildFragment(f, string(page))))
		}
	}
}

// checkStrings fails on invalid UTF-8 or over-long names in a result.
func checkStrings(t *testing.T, strs ...string) {
	t.Helper()
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Errorf("result string %q is not valid UTF-8", s)
		}
	}
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		if _, ok := market.AsUnreadable(err); !ok {
			t.Errorf("error %v is not an *UnreadableError", err)
		}
	}
}

func checkOffer(t *testing.T, o market.Offer) {
	t.Helper()
	checkStrings(t, o.SellerName, o.SellerID)
	if utf8.RuneCountInString(o.SellerName) > maxName {
		t.Errorf("seller name has %d runes; want at most %d", utf8.RuneCountInString(o.SellerName), maxName)
	}
	if o.Price == nil || o.Price.Amount <= 0 {
		t.Errorf("offer %+v has no positive price", o)
	}
	if !o.Fulfillment.Valid() {
		t.Errorf("offer fulfillment %q is not valid", o.Fulfillment)
	}
}

func FuzzProduct(f *testing.F) {
	addSeeds(f, kindProduct)
	f.Fuzz(func(t *testing.T, page []byte) {
		l, err := Product(bytes.NewReader(page), "https://www.amazon.co.jp/dp/B000000001")
		checkErr(t, err)
		if err != nil {
			return
		}
		// No featured offer is a result only when the page names other offers.
		if l.Offer == nil && l.OfferSummary == nil {
			t.Fatalf("Product() = %+v with no offer, no offer summary and no error", l)
		}
		if l.Offer != nil {
			checkOffer(t, *l.Offer)
		}
		if s := l.OfferSummary; s != nil && (s.Count < 0 || s.Lowest != nil && s.Lowest.Amount <= 0 || !(s.Condition == "" || s.Condition.Valid())) {
			t.Errorf("offer summary %+v is not plausible", *s)
		}
		checkStrings(t, append([]string{l.Brand, l.Category}, l.Bullets...)...)
		checkStrings(t, l.Title, l.ASIN, l.URL)
	})
}

func FuzzOffers(f *testing.F) {
	addSeeds(f, kindOffers)
	f.Fuzz(func(t *testing.T, page []byte) {
		offers, err := Offers(bytes.NewReader(page), "https://www.amazon.com/gp/offer-listing/B000000001")
		checkErr(t, err)
		if err == nil && len(offers) == 0 {
			t.Fatal("Offers() = no offers and no error")
		}
		if len(offers) > maxOffers {
			t.Errorf("Offers() returned %d offers; want at most %d", len(offers), maxOffers)
		}
		for _, o := range offers {
			checkOffer(t, o)
		}
	})
}

func FuzzSellerProfile(f *testing.F) {
	addSeeds(f, kindSeller)
	f.Fuzz(func(t *testing.T, page []byte) {
		s, err := SellerProfile(bytes.NewReader(page), "https://www.amazon.co.jp/sp?seller=A1SELLER000001")
		checkErr(t, err)
		checkStrings(t, append([]string{s.Name, s.BusinessName, s.Phone, s.About, s.Country}, s.Address...)...)
		if len(s.Address) > maxLines || utf8.RuneCountInString(s.About) > maxAbout {
			t.Errorf("SellerProfile() = %d address lines, %d-rune about; want at most %d and %d",
				len(s.Address), utf8.RuneCountInString(s.About), maxLines, maxAbout)
		}
		if s.PositivePercent != nil && (*s.PositivePercent < 0 || *s.PositivePercent > 100) {
			t.Errorf("SellerProfile() positive %% = %d; want 0..100", *s.PositivePercent)
		}
	})
}

func FuzzStorefront(f *testing.F) {
	addSeeds(f, kindStorefront)
	f.Fuzz(func(t *testing.T, page []byte) {
		sf, err := Storefront(bytes.NewReader(page), "https://www.amazon.com/s?me=A1SELLER000001")
		checkErr(t, err)
		if sf.Listings < 0 {
			t.Errorf("Storefront() listings = %d; want ≥ 0", sf.Listings)
		}
	})
}

func FuzzParsePrice(f *testing.F) {
	for _, s := range []string{"￥2,100", "¥ 40,800", "$7.99", "£6.39", "EUR 6,37", "6,37 €", "1.234,56 €", "CDN$ 12.00", "￥１，２８０", "", "$", "1,2,3", "99999999999999"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(3))
	}
	markets := append(market.Marketplaces(), "")
	f.Fuzz(func(t *testing.T, s string, mi uint8) {
		m := markets[int(mi)%len(markets)]
		money, err := ParsePrice(s, m)
		if err != nil {
			return
		}
		if money.Amount < 0 || !market.KnownCurrency(money.Currency) {
			t.Errorf("ParsePrice(%q, %q) = %+v; want a non-negative amount in a known currency", s, m, money)
		}
	})
}
