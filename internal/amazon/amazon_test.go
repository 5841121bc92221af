package amazon

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

func TestParsePrice(t *testing.T) {
	tests := []struct {
		in   string
		m    market.Marketplace
		want market.Money
	}{
		{"￥2,100", market.JP, market.Money{Amount: 2100, Currency: "JPY"}},
		{"¥ 40,800", market.JP, market.Money{Amount: 40800, Currency: "JPY"}},
		{"￥１，２８０", market.JP, market.Money{Amount: 1280, Currency: "JPY"}},
		{"1,320円", market.JP, market.Money{Amount: 1320, Currency: "JPY"}},
		{"1320", market.JP, market.Money{Amount: 1320, Currency: "JPY"}},
		{"$7.99", market.US, market.Money{Amount: 799, Currency: "USD"}},
		{"$1,234.50", market.US, market.Money{Amount: 123450, Currency: "USD"}},
		{"$7.99", market.CA, market.Money{Amount: 799, Currency: "CAD"}},
		{"CDN$ 12.00", market.CA, market.Money{Amount: 1200, Currency: "CAD"}},
		{"CDN$ 12.00", market.US, market.Money{Amount: 1200, Currency: "CAD"}},
		{"£6.39", market.UK, market.Money{Amount: 639, Currency: "GBP"}},
		{"EUR 6,37", market.DE, market.Money{Amount: 637, Currency: "EUR"}},
		{"6,37 €", market.FR, market.Money{Amount: 637, Currency: "EUR"}},
		{"1.234,56 €", market.DE, market.Money{Amount: 123456, Currency: "EUR"}},
		{"1 234,56 €", market.FR, market.Money{Amount: 123456, Currency: "EUR"}},
		{"1.234 €", market.IT, market.Money{Amount: 123400, Currency: "EUR"}},
		{"6,5 €", market.ES, market.Money{Amount: 650, Currency: "EUR"}},
		{"  $7.99\n", market.US, market.Money{Amount: 799, Currency: "USD"}},
		{"4,45", market.UK, market.Money{Amount: 445, Currency: "GBP"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePrice(tt.in, tt.m)
			if err != nil {
				t.Fatalf("ParsePrice(%q, %s) error: %v", tt.in, tt.m, err)
			}
			if got != tt.want {
				t.Errorf("ParsePrice(%q, %s) = %+v; want %+v", tt.in, tt.m, got, tt.want)
			}
		})
	}
}

func TestParsePriceRejects(t *testing.T) {
	tests := []struct {
		in string
		m  market.Marketplace
	}{
		{"", market.JP},
		{"FREE", market.US},
		{"$10.99 - $15.99", market.US},
		{"-$5.00", market.US},
		{"7.99", ""},
		{"￥1,320.50", market.JP},
		{"$99999999999999999999", market.US},
		{"Currently unavailable.", market.US},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, err := ParsePrice(tt.in, tt.m); err == nil {
				t.Errorf("ParsePrice(%q, %q) = %+v; want an error", tt.in, tt.m, got)
			}
		})
	}
}

func TestParseDelivery(t *testing.T) {
	tests := []struct {
		in                string
		earliest, latest  string
		maxDays           int
		wantNoDeliveryNil bool
	}{
		{in: "Want it Thursday, Oct. 25? Order within 5 hrs", earliest: "10-25", latest: "10-25"},
		{in: "Get it as soon as 2-21 May when you choose Standard Delivery", earliest: "05-02", latest: "05-21"},
		{in: "£3.99 delivery 17 January - 7 February.", earliest: "01-17", latest: "02-07"},
		{in: "Arrives between November 15-23.", earliest: "11-15", latest: "11-23"},
		{in: "Arrives between Nov. 26 - Dec. 11.", earliest: "11-26", latest: "12-11"},
		{in: "FREE delivery Wednesday, March 3", earliest: "03-03", latest: "03-03"},
		{in: "Lieferung Mittwoch, 3. März - Freitag, 5. März", earliest: "03-03", latest: "03-05"},
		{in: "Livraison à partir du 12 avril", earliest: "04-12", latest: "04-12"},
		{in: "Entrega 3 de marzo", earliest: "03-03", latest: "03-03"},
		{in: "最短で4月27日 月曜日にお届け予定です。", earliest: "04-27", latest: "04-27"},
		{in: "5月18日 - 6月9日 にお届け", earliest: "05-18", latest: "06-09"},
		{in: "３月３日～１０日にお届け", earliest: "03-03", latest: "03-10"},
		{in: "Livraison entre le 4 et le 23 mai", earliest: "05-04", latest: "05-23"},
		{in: "Entrega 57,48 € 20 de maio - 3 de junho", earliest: "05-20", latest: "06-03"},
		{in: "Receba entre 4 e 23 de setembro", earliest: "09-04", latest: "09-23"},
		{in: "Entrega del 4 al 23 de mayo", earliest: "05-04", latest: "05-23"},
		{in: "Recíbelo entre el 4 y el 23 de diciembre", earliest: "12-04", latest: "12-23"},
		{in: "预计送达时间：5月4日至5月23日", earliest: "05-04", latest: "05-23"},
		{in: "Usually dispatched within 4 to 5 weeks.", maxDays: 35},
		{in: "通常4～5週間以内に発送します。", maxDays: 35},
		{in: "通常1～2か月以内に発送します。", maxDays: 62},
		{in: "Usually ships within 3 days.", maxDays: 3},
		{in: "In Stock.", wantNoDeliveryNil: true},
		{in: "", wantNoDeliveryNil: true},
		{in: "Quantity: 1 2 3", wantNoDeliveryNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseDelivery(tt.in)
			if tt.wantNoDeliveryNil {
				if got != nil {
					t.Errorf("parseDelivery(%q) = %+v; want nil", tt.in, got)
				}
				return
			}
			if got == nil {
				t.Fatalf("parseDelivery(%q) = nil; want a delivery", tt.in)
			}
			if got.Earliest != tt.earliest || got.Latest != tt.latest || got.MaxDays != tt.maxDays {
				t.Errorf("parseDelivery(%q) = %s..%s max %d; want %s..%s max %d",
					tt.in, got.Earliest, got.Latest, got.MaxDays, tt.earliest, tt.latest, tt.maxDays)
			}
		})
	}
}

func TestResultCount(t *testing.T) {
	tests := []struct {
		in      string
		n       int
		atLeast bool
	}{
		{"1-16 of 28 results for PINPOXE-Store", 28, false},
		{"1-16 of over 1,000 results", 1000, true},
		{"1-24 of more than 50,000 results for \"kw\"", 50000, true},
		{"12 results", 12, false},
		{"1 result", 1, false},
		{"1-16 von mehr als 1.000 Ergebnissen", 1000, true},
		{"1-16 sur plus de 1 000 résultats", 1000, true},
		{"1-16 de más de 2.000 resultados", 2000, true},
		{"1-16 dei 345 risultati", 345, false},
		{"1,000以上の結果のうち1-16件", 1000, true},
		{"234件の結果のうち1-16件", 234, false},
		{"12件の結果", 12, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, atLeast, ok := resultCount(tt.in)
			if !ok || n != tt.n || atLeast != tt.atLeast {
				t.Errorf("resultCount(%q) = %d, %v, %v; want %d, %v, true", tt.in, n, atLeast, ok, tt.n, tt.atLeast)
			}
		})
	}
	for _, in := range []string{"", "Sort by: Featured", "results"} {
		if n, _, ok := resultCount(in); ok {
			t.Errorf("resultCount(%q) = %d, ok; want not ok", in, n)
		}
	}
}

func TestFulfillmentFromSentence(t *testing.T) {
	const page = `<html><body><span id="productTitle">T</span><input id="ASIN" value="B000000001">
		<div id="buybox"><span id="price_inside_buybox">%PRICE%</span><div id="merchant-info">%INFO%</div></div></body></html>`
	link := `<a href="/gp/help/seller/at-a-glance.html?seller=A1SELLER000001">Shop X</a>`
	cartMerchant := `<input type="hidden" id="merchantID" value="A1SELLER000001">`
	fbaLink := `<a href="/gp/help/seller/at-a-glance.html?seller=A1SELLER000001&amp;isAmazonFulfilled=1">Shop X</a>`
	tests := []struct {
		host, price, info string
		want              market.Fulfillment
		wantID            string
	}{
		{"www.amazon.co.jp", "￥1,000", "この商品は、Amazon.co.jp が販売、発送します。", market.SoldByAmazon, "AN1VRQENFRJN5"},
		{"www.amazon.co.jp", "￥1,000", link + " が販売し、Amazon.co.jp が発送します。", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.co.jp", "￥1,000", link + " が販売、発送します。", market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.com", "$1.00", "Ships from and sold by Amazon.com.", market.SoldByAmazon, "ATVPDKIKX0DER"},
		{"www.amazon.com", "$1.00", "Sold by " + link + " and Fulfilled by Amazon.", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.com", "$1.00", "Sold by " + fbaLink + ".", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.com", "$1.00", "Sold by " + link + ".", market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.co.uk", "£1.00", "Dispatched from and sold by Amazon.", market.SoldByAmazon, "A3P5ROKL5A1OLE"},
		{"www.amazon.co.uk", "£1.00", "Dispatched from and sold by " + link + ".", market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.de", "EUR 1,00", "Verkauf und Versand durch Amazon.", market.SoldByAmazon, "A3JWKAKR8XB7XF"},
		{"www.amazon.de", "EUR 1,00", "Verkauf durch " + link + " und Versand durch Amazon.", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.fr", "1,00 €", "Expédié et vendu par Amazon.", market.SoldByAmazon, "A1X6FK5RDHNB96"},
		{"www.amazon.fr", "1,00 €", "Vendu par " + link + " et expédié par Amazon.", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.es", "1,00 €", "Vendido y enviado por Amazon.", market.SoldByAmazon, "A1AT7YVPFBWXBL"},
		{"www.amazon.it", "1,00 €", "Venduto e spedito da " + link + ".", market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.it", "1,00 €", "Venduto da " + link + " e spedito da Amazon.", market.FulfilledByAmazon, "A1SELLER000001"},
		// Other interface languages: amazon.es in Portuguese, co.jp in Chinese.
		{"www.amazon.es", "1,00 €", "Vendido e enviado por Amazon.", market.SoldByAmazon, "A1AT7YVPFBWXBL"},
		{"www.amazon.es", "1,00 €", "Vendido por " + link + " e enviado por Amazon.", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.co.jp", "￥1,000", "由 Amazon.co.jp 销售并发货。", market.SoldByAmazon, "AN1VRQENFRJN5"},
		{"www.amazon.co.jp", "￥1,000", "由 " + link + " 销售，由 Amazon.co.jp 发货。", market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.co.jp", "￥1,000", "由 ショップY 销售并发货。" + cartMerchant, market.SellerFulfilled, "A1SELLER000001"},
		// A seller may name itself after Amazon; its ID still says who it is.
		{"www.amazon.com", "$1.00", `Ships from and sold by <a href="?seller=A1SELLER000001">Fulfilled by Amazon</a>.`, market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.com", "$1.00", `Ships from and sold by <a href="?seller=A1SELLER000001">Amazon.com</a>.`, market.SellerFulfilled, "A1SELLER000001"},
		// Names without a link: the seller comes from the sentence, the ID from the cart form.
		{"www.amazon.co.jp", "￥1,000", "ショップY が販売、発送します。" + cartMerchant, market.SellerFulfilled, "A1SELLER000001"},
		{"www.amazon.co.jp", "￥1,000", "ショップY が販売し、Amazon.co.jp が発送します。" + cartMerchant, market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.com", "$1.00", "Sold by Shop Y and Fulfilled by Amazon." + cartMerchant, market.FulfilledByAmazon, "A1SELLER000001"},
		{"www.amazon.de", "EUR 1,00", "Verkauf und Versand durch Shop Y." + cartMerchant, market.SellerFulfilled, "A1SELLER000001"},
	}
	for _, tt := range tests {
		t.Run(tt.host+" "+tt.info, func(t *testing.T) {
			html := strings.NewReplacer("%PRICE%", tt.price, "%INFO%", tt.info).Replace(page)
			l, err := Product(strings.NewReader(html), "https://"+tt.host+"/dp/B000000001")
			if err != nil {
				t.Fatalf("Product() error: %v", err)
			}
			if l.Offer.Fulfillment != tt.want || l.Offer.SellerID != tt.wantID {
				t.Errorf("Product() offer = %s %s; want %s %s", l.Offer.Fulfillment, l.Offer.SellerID, tt.want, tt.wantID)
			}
		})
	}
}

// errCode returns the UnreadableError code of err, or "" if it has none.
func errCode(err error) string {
	if u, ok := market.AsUnreadable(err); ok {
		return u.Code
	}
	return ""
}

func TestUnreadable(t *testing.T) {
	const product = `<html><head><link rel="canonical" href="https://www.amazon.co.jp/dp/B000000001"></head><body>
		<span id="productTitle">T</span><div id="buybox"><span id="price_inside_buybox">￥100</span>
		<div id="merchant-info">この商品は、Amazon.co.jp が販売、発送します。</div></div></body></html>`
	tests := []struct {
		name, kind, page, url, want string
	}{
		{"empty", kindProduct, "", "https://www.amazon.com/dp/B000000001", market.EmptyPage},
		{"blank", kindSeller, " \n\t ", "https://www.amazon.com/sp?seller=A1", market.EmptyPage},
		{"nested too deeply", kindProduct, strings.Repeat("<div>", 600) + "x", "https://www.amazon.com/dp/B000000001", market.UnknownLayout},
		{"no html content", kindStorefront, "<html><head></head><body></body></html>", "https://www.amazon.com/s?me=A1", market.EmptyPage},
		{"unknown host", kindProduct, product, "https://www.example.com/dp/B000000001", market.UnknownMarket},
		{"no url, no canonical", kindProduct, "<p>hello</p>", "", market.UnknownMarket},
		{"not a product", kindProduct, "<html><body><h1>Your Orders</h1></body></html>", "https://www.amazon.com/gp/css/order-history", market.NotProductPage},
		{"product, no buy box", kindProduct, `<span id="productTitle">T</span><input id="ASIN" value="B000000001">`, "https://www.amazon.com/dp/B000000001", market.UnknownLayout},
		{"empty merchant info", kindProduct, `<span id="productTitle">T</span><div id="buybox"><div id="merchant-info"> </div></div>`, "https://www.amazon.com/dp/B000000001", market.NoOffer},
		{"seller but no price", kindProduct, `<span id="productTitle">T</span><div id="merchant-info">Ships from and sold by Amazon.com.</div>`, "https://www.amazon.com/dp/B000000001", market.NoOffer},
		{"captcha by heading", kindSeller, "<html><body><h4>Enter the characters you see below</h4></body></html>", "https://www.amazon.com/sp?seller=A1", market.PageCaptcha},
		{"captcha ja heading", kindStorefront, "<html><head><title>Amazon.co.jp</title></head><body><h4>下に表示されている文字を入力してください</h4></body></html>", "https://www.amazon.co.jp/s?me=A1", market.PageCaptcha},
		{"captcha title", kindOffers, "<html><head><title> Robot Check </title></head><body>x</body></html>", "https://www.amazon.com/gp/offer-listing/B000000001", market.PageCaptcha},
		{"dogs of amazon", kindOffers, `<html><head><title>Page Not Found</title></head><body><img alt="Dogs of Amazon" src="d.jpg"></body></html>`, "https://www.amazon.com/gp/offer-listing/B000000001", market.PageNotFound},
		{"something went wrong", kindProduct, `<html><head><title>Sorry! Something went wrong!</title></head><body><a href="/ref=cs_503_link">home</a></body></html>`, "https://www.amazon.com/dp/B000000001", market.PageError},
		{"not a seller page", kindSeller, product, "https://www.amazon.co.jp/sp?seller=A1", market.NotSellerPage},
		{"not a storefront", kindStorefront, product, "https://www.amazon.co.jp/s?me=A1", market.NotStorefront},
		{"no offers", kindOffers, product, "https://www.amazon.co.jp/dp/B000000001", market.NotProductPage},
		{"empty offer panel", kindOffers, `<div id="aod-container"><div id="aod-offer-list"></div></div>`, "https://www.amazon.co.jp/gp/product/ajax/aodAjaxMain/?asin=B000000001", market.NoOffer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(t, tt.kind, strings.NewReader(tt.page), tt.url)
			if got.Error == nil || got.Error.Code != tt.want {
				t.Errorf("%s(%s) = %+v; want error %s", tt.kind, tt.name, got, tt.want)
			}
		})
	}
}

// TestProductNamedLikeAnErrorPage: a product may be called "Page Not Found"
// or "Robot Check"; its page is still a product page.
func TestProductNamedLikeAnErrorPage(t *testing.T) {
	for _, name := range []string{"Page Not Found", "Robot Check", "Sorry! Something went wrong!", "文字を入力してください"} {
		page := `<html><head><title>Amazon.com: ` + name + `: Books</title></head><body><h1><b>` + name + `</b></h1>
			<span id="productTitle">` + name + `</span><div id="buybox"><span id="price_inside_buybox">$9.99</span>
			<div id="merchant-info">Ships from and sold by Amazon.com.</div></div></body></html>`
		l, err := Product(strings.NewReader(page), "https://www.amazon.com/dp/B000000001")
		if err != nil || l.Title != name {
			t.Errorf("Product(book %q) = %q, %v; want the product", name, l.Title, err)
		}
	}
}

func TestProductNoURLUsesCanonical(t *testing.T) {
	const page = `<html><head><link rel="canonical" href="https://www.amazon.co.uk/dp/B000000001"></head><body>
		<span id="productTitle">T</span><div id="buybox"><span id="price_inside_buybox">£1.00</span>
		<div id="merchant-info">Dispatched from and sold by Amazon.</div></div></body></html>`
	l, err := Product(strings.NewReader(page), "")
	if err != nil {
		t.Fatalf("Product(page, \"\") error: %v", err)
	}
	if l.Marketplace != market.UK || l.ASIN != "B000000001" || l.URL != "https://www.amazon.co.uk/dp/B000000001" {
		t.Errorf("Product(page, \"\") = %s %s %s; want UK B000000001 and the canonical URL", l.Marketplace, l.ASIN, l.URL)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Product(iotest.ErrReader(boom), "https://www.amazon.com/dp/B000000001")
	if !errors.Is(err, boom) {
		t.Errorf("Product(failing reader) error = %v; want it to wrap %v", err, boom)
	}
	if _, err := Product(nil, "https://www.amazon.com/dp/B000000001"); errCode(err) != market.EmptyPage {
		t.Errorf("Product(nil) error = %v; want %s", err, market.EmptyPage)
	}
}

// TestHostileInput feeds pathological pages to every reader: none may
// panic, hang or return invalid UTF-8.
func TestHostileInput(t *testing.T) {
	deep := strings.Repeat("<div>", 200000) + `<span id="productTitle">x</span>` + strings.Repeat("</div>", 200000)
	huge := `<span id="productTitle" title="` + strings.Repeat("A", 3<<20) + `">x</span><div id="merchant-info">Sold by <a href="?seller=A1SELLER000001">` + strings.Repeat("名", 100000) + `</a></div><span id="price_inside_buybox">$1.00</span>`
	broken := "<span id=\"productTitle\">\xff\xfe\xc3</span><div id=\"merchant-info\">Sold by <a href=\"?seller=A1SELLER000001\">\xed\xa0\x80bad</a></div><span id=\"price_inside_buybox\">$1.00</span>"
	tooBig := strings.Repeat("a", maxInput+10)
	pages := map[string]string{"deep": deep, "huge attribute and name": huge, "broken utf-8": broken, "too big": tooBig}
	for name, page := range pages {
		for _, kind := range []string{kindProduct, kindOffers, kindSeller, kindStorefront} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				start := time.Now()
				got := extract(t, kind, io.NopCloser(strings.NewReader(page)), "https://www.amazon.com/dp/B000000001?seller=A1SELLER000001&me=A1SELLER000001")
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("%s took %v; want well under 5s", kind, d)
				}
				if l, ok := got.Result.(market.Listing); ok {
					if !utf8.ValidString(l.Title) || !utf8.ValidString(l.Offer.SellerName) {
						t.Errorf("Product() = %q / %q; want valid UTF-8", l.Title, l.Offer.SellerName)
					}
					if n := utf8.RuneCountInString(l.Offer.SellerName); n > maxName {
						t.Errorf("seller name has %d runes; want at most %d", n, maxName)
					}
				}
			})
		}
	}
}

func TestIsAmazonName(t *testing.T) {
	for _, name := range []string{"Amazon", "Amazon.co.jp", "amazon.com", "Amazon.com Services LLC", "Amazon EU S.a.r.L.", "Amazon.de",
		"Amazon EU S.à r.l.", "Amazon Services Europe S.à r.l.", "Amazon.com Services, Inc.", "Amazon Export Sales LLC",
		"Amazon Warehouse", "Amazon Resale", "Warehouse Deals", "Amazon.com Warehouse Deals", "Amazonアウトレット", "アマゾン アウトレット",
		"Amazon US", "Amazon.co.uk", "Amazon Japan G.K."} {
		if !isAmazonName(name) {
			t.Errorf("isAmazonName(%q) = false; want true", name)
		}
	}
	for _, name := range []string{"Amazon Deals Shop", "Amazonas Store", "My Amazon.com", "", "AmazonBasics Reseller",
		"Amazon Japan Store", "Amazon US Outlet Shop", "Amazon Services Official Shop", "Amazon Warehouse Tokyo Direct"} {
		if isAmazonName(name) {
			t.Errorf("isAmazonName(%q) = true; want false", name)
		}
	}
}

func TestOfferRatingStarsAndPercent(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	tests := []struct {
		name, html string
		want       *market.OfferRating
	}{
		{"en", `<div id="r"><i class="a-icon a-star-mini-4-5"></i><span>(1,468 ratings)<br>96% positive over last 12 months</span></div>`,
			&market.OfferRating{Count: intPtr(1468), PositivePercent: intPtr(96), Stars: v(4.5)}},
		{"ja full-width", `<div id="r"><i class="a-icon a-star-mini-3"></i><span>（２３件の評価）過去12か月で８８％が肯定的</span></div>`,
			&market.OfferRating{Count: intPtr(23), PositivePercent: intPtr(88), Stars: v(3)}},
		{"tr percent first", `<div id="r"><span>%91 olumlu (12 değerlendirme)</span></div>`,
			&market.OfferRating{Count: intPtr(12), PositivePercent: intPtr(91)}},
		{"zh count", `<div id="r"><span>（1,234 个评级）</span><span>过去 12 个月内 95% 好评</span></div>`,
			&market.OfferRating{Count: intPtr(1234), PositivePercent: intPtr(95)}},
		{"fr spaced count", `<div id="r"><span>(31 483 évaluations)</span> 96 % positives</div>`,
			&market.OfferRating{Count: intPtr(31483), PositivePercent: intPtr(96)}},
		{"percent before count", `<div id="r"><span>97% positive over last 12 months (2,345 ratings)</span></div>`,
			&market.OfferRating{Count: intPtr(2345), PositivePercent: intPtr(97)}},
		{"just launched", `<div id="r"><span>Just launched</span></div>`, &market.OfferRating{JustLaunched: true}},
		{"nothing", `<div id="r"><span></span></div>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parse(strings.NewReader(tt.html), htmlindex.New)
			if err != nil {
				t.Fatal(err)
			}
			got := offerRating(doc.Find("#r"))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("offerRating(%s) = %+v; want %+v", tt.name, got, tt.want)
			}
		})
	}
}

func TestSellerInSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ショップY が販売、発送します。", "ショップY"},
		{"この商品は、ショップY が販売し、Amazon.co.jp が発送します。", "ショップY"},
		{"Sold by Shop Y and Fulfilled by Amazon.", "Shop Y"},
		{"Ships from and sold by Shop Y.", "Shop Y"},
		{"Verkauf und Versand durch Shop Y. Für weitere Informationen…", "Shop Y"},
		{"Vendu par Shop Y et expédié par Amazon.", "Shop Y"},
		{"Vendido y enviado por Shop Y.", "Shop Y"},
		{"Venduto da Shop Y e spedito da Amazon.", "Shop Y"},
		{"In stock.", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sellerInSentence(tt.in); got != tt.want {
			t.Errorf("sellerInSentence(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestProductReadsOpenPanelLikeOffers: an all-offers panel inside a product
// page gives Listing.Offers equal to what Offers reads from the panel alone.
func TestProductReadsOpenPanelLikeOffers(t *testing.T) {
	panel, err := os.ReadFile(filepath.Join("testdata", "pages", "offers_jp_aod.html"))
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://www.amazon.co.jp/dp/B0TESTJP01"
	want, err := Offers(strings.NewReader(string(panel)), url)
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><body><span id="productTitle">T</span><input id="ASIN" value="B0TESTJP01">
		<div id="buybox"><span id="price_inside_buybox">￥2,100</span><div id="merchant-info">この商品は、Amazon.co.jp が販売、発送します。</div></div>` +
		string(panel) + `</body></html>`
	l, err := Product(strings.NewReader(page), url)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Offers, want) {
		t.Errorf("Product(page with panel).Offers = %+v; want %+v", l.Offers, want)
	}
	if l.Offer == nil || l.Offer.Pinned || l.Offer.Price.Amount != 2100 {
		t.Errorf("Product(page with panel).Offer = %+v; want the buy box's ￥2,100 offer", l.Offer)
	}
}

// Matching the digit parts of a delivery text finds what matching the
// whole text finds.
func FuzzDigitParts(f *testing.F) {
	for _, s := range []string{
		"Want it Thursday, Oct. 25? Order within and choose Two-Day Shipping at checkout. Details",
		"Get it as soon as 2-21 May when you choose Standard Delivery at checkout.",
		"£3.99 delivery 17 January - 7 February. Details",
		"注文確定時に、最短で4月27日 月曜日にお届け予定です。3月3日～10日",
		"Usually dispatched within 4 to 5 weeks.", "通常4～5週間以内に発送します。", "3.-5. März, 3 de marzo (1-2 Monaten)",
		"x1 May,2 June;3 July/4 Aug!5 Sep?6 Oct:7 Nov(8 Dec)9 Jan'10 Feb\"11 Mar*12 Apr+13 mai=14 juin",
		"Oct.25,Nov 3-5,December 1–3;dic 2~4", "a3 May", "3 Maya", "_3 May_", "1 2 3 4 5 6 7 8 9 10 May 11 June 12 July 13 Aug 14 Sep 15 Oct 16 Nov 17 Dec 18 Jan",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = pagetext.Fold(pagetext.Clean(s, maxText))
		parts := digitParts(s)
		if got, want := findDates(parts), dateRe.FindAllStringSubmatch(s, 8); !reflect.DeepEqual(got, want) {
			t.Errorf("findDates(digitParts(%q)) = %q; want %q", s, got, want)
		}
		if got, want := findDuration(parts), durationRe.FindStringSubmatch(s); !reflect.DeepEqual(got, want) {
			t.Errorf("findDuration(digitParts(%q)) = %q; want %q", s, got, want)
		}
	})
}

// listPrice skips the rows inside a row without a label, but only where
// their text is part of that row's text.
func TestListPriceNestedRows(t *testing.T) {
	long := strings.Repeat("x ", maxBlockText)
	tests := []struct {
		name, html string
		want       int64
	}{
		{"label in an inner row", `<div id="price"><div class="a-row">Now <div class="a-row">List Price: $5.00</div></div></div>`, 500},
		{"inner row in a template", `<div id="price"><div class="a-row">Now <template><div class="a-row">List Price: $6.00</div></template></div></div>`, 600},
		{"label past the outer row's cap", `<div id="price"><div class="a-row">` + long + `<div class="a-row">List Price: $7.00</div></div></div>`, 700},
		{"no label", `<div id="price"><div class="a-row">Now <div class="a-row">$8.00</div></div></div>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parse(strings.NewReader(tt.html), htmlindex.New)
			if err != nil {
				t.Fatal(err)
			}
			var got int64
			if p := listPrice(doc, market.US); p != nil {
				got = p.Amount
			}
			if got != tt.want {
				t.Errorf("listPrice(%s) = %d; want %d", tt.name, got, tt.want)
			}
		})
	}
}

func TestOfferSummaryLine(t *testing.T) {
	yen := func(n int64) *market.Money { return &market.Money{Amount: n, Currency: "JPY"} }
	tests := []struct {
		html string
		want *market.OfferSummary
	}{
		{`<div id="olp_feature_div"><a>174 new/used offers from ￥35,643</a></div>`, &market.OfferSummary{Count: 174, Lowest: yen(35643)}},
		{`<div id="olp_feature_div"><span>新品・中古品の出品：5</span> <span>￥1,980より</span></div>`, &market.OfferSummary{Count: 5, Lowest: yen(1980)}},
		{`<div id="olp_feature_div"><span>新品の出品：3</span> <span>￥2,480より</span></div>`, &market.OfferSummary{Count: 3, Lowest: yen(2480), Condition: market.New}},
		{`<div id="olp_feature_div"><span>中古品の出品：12点 ￥980より</span></div>`, &market.OfferSummary{Count: 12, Lowest: yen(980), Condition: market.Used}},
		{`<span id="buybox-see-all-buying-choices"><a>すべての出品を見る</a></span>`, &market.OfferSummary{}},
		{`<div id="olp_feature_div"> </div>`, nil},
		{`<div id="olpLinkWidget_feature_div"><style>.olp-text{}</style></div>`, nil},
	}
	for _, tt := range tests {
		doc, err := parse(strings.NewReader("<html><body>"+tt.html+"</body></html>"), htmlindex.New)
		if err != nil {
			t.Fatal(err)
		}
		if got := offerSummary(doc, market.JP); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("offerSummary(%s) = %+v; want %+v", tt.html, got, tt.want)
		}
	}
}

func TestBrandOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Visit the Sony Store", "Sony"},
		{"Brand: Anker", "Anker"},
		{"ブランド: アイリスオーヤマ", "アイリスオーヤマ"},
		{"Panasonic(パナソニック)のストアを表示", "Panasonic(パナソニック)"},
		{"Besuche den Bosch-Store", "Bosch"},
		{"Visite a Loja da Hi-Spec (em Espanhol)", "Hi-Spec"},
		{"Marque : Tefal", "Tefal"},
		{"Howard M. Resh (Author)", ""},
	}
	for _, tt := range tests {
		if got := brandOf(tt.in); got != tt.want {
			t.Errorf("brandOf(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestConditionWords(t *testing.T) {
	tests := []struct {
		in   string
		want market.Condition
	}{
		{"Used: Very Good", market.Used},
		{"D'occasion: Très bon", market.Used},
		{"中古品 - 非常に良い", market.Used},
		{"Usado: Como nuevo", market.Used},
		{"Collectible: Like New", market.Collectible},
		{"Renewed", market.Refurbished},
		{"neufs", market.New},
		{"Novo", market.New},
	}
	for _, tt := range tests {
		if got := condition(tt.in); got != tt.want {
			t.Errorf("condition(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := summaryCondition("2 neufs & d'occasion à partir de"); got != "" {
		t.Errorf("summaryCondition(new and used) = %q; want \"\"", got)
	}
}

func TestFeedbackDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Taro on February 28, 2026.", "2026-02-28"},
		{"投稿者: 山田、2026年2月28日", "2026-02-28"},
		{"由 王先生 于 2026年2月8日 发布。", "2026-02-08"},
		{"Par Marie le 3 mars 2025", "2025-03-03"},
		{"Von Jonas am 4. Mai 2024.", "2024-05-04"},
		{"By May 5 Fan on March 1, 2026.", "2026-03-01"}, // the rater's name comes first
		{"By Taro on February 28.", "02-28"},
		{"By Taro", ""},
	}
	for _, tt := range tests {
		if got := feedbackDate(tt.in); got != tt.want {
			t.Errorf("feedbackDate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeAddress(t *testing.T) {
	tests := []struct {
		lines []string
		want  bool
	}{
		{[]string{"123 Main St", "Springfield", "US"}, true},
		{[]string{"ユニークプラザ４Ｆ", "松原市東新町５－１８－２９", "大阪府", "5800024"}, true},
		{[]string{"Flat 5, 12 Queen's Road", "Hong Kong"}, true},
		{[]string{"Please contact us through Amazon messages and we will send you our business details."}, false},
		{[]string{"住所はお問い合わせください。"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := looksLikeAddress(tt.lines); got != tt.want {
			t.Errorf("looksLikeAddress(%q) = %v; want %v", tt.lines, got, tt.want)
		}
	}
}
