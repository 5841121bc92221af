package amazon

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
)

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
	s = strings.TrimSpace(fold(clean(s, maxText)))
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
	p := priceInTextRe.FindString(fold(s))
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
