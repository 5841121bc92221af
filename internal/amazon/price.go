package amazon

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// priceParts is Amazon's price widget, on product pages and in offer
// lists alike: a price split into symbol, whole and fraction parts.
var priceParts = struct{ price, symbol, whole, fraction string }{
	price:    `.a-price:not([data-a-strike="true"])`,
	symbol:   `.a-price-symbol`,
	whole:    `.a-price-whole`,
	fraction: `.a-price-fraction`,
}

// currencyMarks maps what pages print next to a price to ISO 4217, longest
// first so "CDN$" wins over "$".
var currencyMarks = []struct{ mark, code string }{
	{"CDN$", "CAD"}, {"CAD", "CAD"}, {"CA$", "CAD"}, {"C$", "CAD"},
	{"US$", "USD"}, {"USD", "USD"},
	{"EUR", "EUR"}, {"€", "EUR"},
	{"GBP", "GBP"}, {"£", "GBP"},
	{"JPY", "JPY"}, {"￥", "JPY"}, {"¥", "JPY"}, {"円", "JPY"},
	{"$", ""}, // the marketplace's dollar (USD or CAD)
}

// numberRe is one number with any of the separators pages use.
var numberRe = regexp.MustCompile(`\d[\d.,' ]*`)

// ParsePrice parses a displayed price ("￥2,100", "¥ 40,800", "$7.99",
// "£6.39", "EUR 6,37", "6,37 €", "1.234,56 €", "CDN$ 12.00", full-width
// digits) into minor units. The currency comes from the symbol, else from
// the marketplace m.
func ParsePrice(s string, m market.Marketplace) (market.Money, error) {
	s = strings.TrimSpace(pagetext.Fold(pagetext.Clean(s, maxText)))
	if s == "" {
		return market.Money{}, errors.New("empty price")
	}
	currency := ""
	rest := s
	for _, cm := range currencyMarks {
		if i := strings.Index(asciiUpper(rest), cm.mark); i >= 0 {
			currency = cm.code
			if currency == "" {
				currency = "USD"
				if m == market.CA {
					currency = "CAD"
				}
			}
			rest = rest[:i] + " " + rest[i+len(cm.mark):]
			break
		}
	}
	if currency == "" {
		currency = m.Currency()
		if currency == "" {
			return market.Money{}, fmt.Errorf("price %q has no currency and marketplace %q is unknown", s, m)
		}
	}
	nums := numberRe.FindAllString(rest, -1)
	if len(nums) != 1 {
		return market.Money{}, fmt.Errorf("price %q: want one number, found %d", s, len(nums))
	}
	if strings.ContainsAny(strings.Trim(rest, " "), "-") {
		return market.Money{}, fmt.Errorf("price %q is negative or a range", s)
	}
	amount, err := minorUnits(strings.TrimRight(nums[0], ".,' "), currency)
	if err != nil {
		return market.Money{}, fmt.Errorf("price %q: %w", s, err)
	}
	return market.Money{Amount: amount, Currency: currency}, nil
}

// Built once: a Replacer builds its tables on first use.
var (
	dropGroupSpaces = strings.NewReplacer(" ", "", "'", "")
	dropSeparators  = strings.NewReplacer(",", "", ".", "")
)

// minorUnits reads "1.234,56" / "1,234.56" / "6,37" / "40,800" in the
// currency's minor unit. A final separator followed by exactly three
// digits is a thousands separator; one or two digits are decimals.
func minorUnits(num, currency string) (int64, error) {
	num = dropGroupSpaces.Replace(num)
	whole, frac := num, ""
	if i := strings.LastIndexAny(num, ".,"); i >= 0 {
		after := num[i+1:]
		if len(after) == 1 || len(after) == 2 {
			whole, frac = num[:i], after
		}
	}
	whole = dropSeparators.Replace(whole)
	if whole == "" || len(whole) > 13 {
		return 0, errors.New("not a plausible amount")
	}
	var major int64
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, errors.New("not a number")
		}
		major = major*10 + int64(r-'0')
	}
	unit := market.MinorUnits(currency)
	if unit == 1 {
		if strings.Trim(frac, "0") != "" {
			return 0, errors.New("fractional amount in a currency without minor units")
		}
		return major, nil
	}
	if len(frac) == 1 {
		frac += "0"
	}
	var minor int64
	for _, r := range frac {
		minor = minor*10 + int64(r-'0')
	}
	return major*unit + minor, nil
}

// priceInTextRe finds a price inside a longer sentence ("+ £0.60 delivery",
// "配送料 ￥350").
var priceInTextRe = regexp.MustCompile(`(?:CDN\$|CA\$|US\$|EUR|[$£€￥¥])\s*\d[\d.,]*|\d[\d.,]*\s*(?:€|円|EUR)`)

// priceInText returns the first price in a sentence, or nil.
func priceInText(s string, m market.Marketplace) *market.Money {
	p := priceInTextRe.FindString(pagetext.Fold(s))
	if p == "" {
		return nil
	}
	money, err := ParsePrice(p, m)
	if err != nil {
		return nil
	}
	return &money
}

// asciiUpper upper-cases ASCII letters only, so byte offsets stay valid.
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// firstPrice is the first positive price under s matching one of the
// selectors, best first, skipping elements inside skip (if not "").
func firstPrice(s finder, m market.Marketplace, skip string, selectors ...string) *market.Money {
	for _, sel := range selectors {
		var found *market.Money
		find(s, sel).EachWithBreak(func(_ int, p *goquery.Selection) bool {
			if skip != "" && p.ClosestMatcher(htmlindex.Compile(skip)).Length() > 0 {
				return true
			}
			if money, err := ParsePrice(text(p), m); err == nil && money.Amount > 0 {
				found = &money
				return false
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// wholePrice reads a price split into .a-price-whole and .a-price-fraction.
func wholePrice(s *goquery.Selection, m market.Marketplace) *market.Money {
	p := find(s, priceParts.price).First()
	whole := text(find(p, priceParts.whole).First())
	if whole == "" {
		return nil
	}
	num := strings.TrimRight(whole, ".,")
	if frac := text(find(p, priceParts.fraction).First()); frac != "" {
		num += "." + frac
	}
	money, err := ParsePrice(text(find(p, priceParts.symbol).First())+num, m)
	if err != nil || money.Amount <= 0 {
		return nil
	}
	return &money
}

// freeWords say a delivery costs nothing.
var freeWords = regexp.MustCompile(`(?i)^(free|gratis|gratuit|gratuite|kostenlos|kostenlose|無料|送料無料)`)

func shippingFromAttr(v string, m market.Marketplace) *market.Money {
	if p := priceInText(v, m); p != nil {
		return p
	}
	if freeWords.MatchString(strings.TrimSpace(v)) {
		return &market.Money{Amount: 0, Currency: m.Currency()}
	}
	return nil
}

// buyBoxPrice is the buy-box offer's price; the 2021+ price block may
// only split it into symbol / whole / fraction parts, or word it.
func buyBoxPrice(doc *htmlindex.Page, m market.Marketplace) *market.Money {
	if p := firstPrice(doc, m, productPage.usedRow, productPage.price...); p != nil {
		return p
	}
	var found *market.Money
	doc.Find(productPage.corePrice).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if s.ClosestMatcher(htmlindex.Compile(productPage.usedRow)).Length() > 0 {
			return true
		}
		if found = wholePrice(s, m); found == nil {
			// "￥12,800 (30% off)": the first price in the sentence.
			found = priceInText(text(find(s, productPage.corePriceWords).First()), m)
		}
		return found == nil
	})
	return found
}

// shippingChargeRe matches a line that states a delivery charge, not a
// threshold for free delivery.
var shippingChargeRe = regexp.MustCompile(`(?i)^(?:\+.*(?:delivery|shipping|versand|livraison|envío|spedizione|配送料|送料)|(?:配送料|送料)\s*[￥¥])`)

// shippingCost is the buy-box offer's delivery charge, when the page
// names an amount.
func shippingCost(doc *htmlindex.Page, m market.Marketplace) *market.Money {
	if v, ok := doc.Find(productPage.shippingAttr).First().Attr("data-csa-c-delivery-price"); ok {
		if p := shippingFromAttr(v, m); p != nil {
			return p
		}
	}
	for _, sel := range productPage.shippingText {
		// "+ £0.60 delivery", "+ ￥350 配送料", "配送料 ￥500": a charge, not a threshold.
		t := text(doc.Find(sel).First())
		if !shippingChargeRe.MatchString(t) {
			continue
		}
		if p := priceInText(t, m); p != nil {
			return p
		}
	}
	return nil
}

// listPriceLabels are the labels of a list-price row, in any case.
var listPriceLabels = pagetext.NewFoldMatcher("参考価格", "メーカー希望小売価格", "list price", "was:", "rrp", "uvp", "unverb", "prix conseillé", "prix de référence", "precio recomendado", "precio de lista", "prezzo consigliato", "typical price")

// listPrice is the list / reference price (参考価格): a struck-through
// basis price, or a row labelled as one.
func listPrice(doc *htmlindex.Page, m market.Marketplace) *market.Money {
	for _, sel := range productPage.listPrice {
		if p, err := ParsePrice(text(doc.Find(sel).First()), m); err == nil && p.Amount > 0 {
			return &p
		}
	}
	// A labelled row: "参考価格: ￥40,800".
	var found *market.Money
	// Rows nest. The text of a row inside one whose whole text has no
	// label is part of that text, so it has none either.
	var unlabelled *html.Node
	doc.Find(productPage.listPriceRows).EachWithBreak(func(_ int, row *goquery.Selection) bool {
		if unlabelled != nil && pagetext.Inside(row.Nodes[0], unlabelled) {
			return true
		}
		t := text(row)
		loc := listPriceLabels.Index(t)
		if loc == nil {
			if utf8.RuneCountInString(t) < maxBlockText {
				unlabelled = row.Nodes[0]
			}
			return true
		}
		found = priceInText(t[loc[1]:], m)
		return found == nil
	})
	return found
}
