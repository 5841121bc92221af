package explain

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Value formats one reason parameter for a sentence: money with its
// currency sign, whole numbers with thousands separators. Params come
// straight from the scorer (market.Money, int) or back through JSON from
// the wasm bridge (map, float64), so both shapes are understood.
func Value(v any) string {
	switch x := v.(type) {
	case market.Money:
		return Money(x)
	case *market.Money:
		if x == nil {
			return ""
		}
		return Money(*x)
	case map[string]any:
		if m, ok := moneyFromMap(x); ok {
			return Money(m)
		}
	case int:
		return Int(int64(x))
	case int64:
		return Int(x)
	case int32:
		return Int(int64(x))
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return Int(int64(x))
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return Int(n)
		}
		return x.String()
	case string:
		return pageText(x)
	}
	// Anything else came through JSON from outside: an array or object
	// may hold page text too.
	return pageText(fmt.Sprint(v))
}

// maxText caps text taken from the page (a seller name) in a sentence.
const maxText = 80

// pageText makes text written by a possible fraudster safe to print in a
// sentence: no control characters (terminal escapes), no bidi overrides
// (which can make "gpj.exe" read as "exe.jpg"), and no more than maxText
// characters, so one name cannot flood the badge.
func pageText(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			continue
		}
		if n == maxText {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func moneyFromMap(m map[string]any) (market.Money, bool) {
	cur, ok := m["currency"].(string)
	if !ok {
		return market.Money{}, false
	}
	switch a := m["amount"].(type) {
	case float64:
		// Beyond 2^53 a float is no exact amount, and beyond 2^63 its
		// conversion to int64 is undefined.
		if a != math.Trunc(a) || math.Abs(a) >= 1<<53 {
			return market.Money{}, false
		}
		return market.Money{Amount: int64(a), Currency: cur}, true
	case int64:
		return market.Money{Amount: a, Currency: cur}, true
	case int:
		return market.Money{Amount: int64(a), Currency: cur}, true
	case json.Number:
		if n, err := a.Int64(); err == nil {
			return market.Money{Amount: n, Currency: cur}, true
		}
	}
	return market.Money{}, false
}

var currencySigns = map[string]string{"JPY": "¥", "USD": "$", "CAD": "CA$", "GBP": "£", "EUR": "€"}

// Money formats m as shoppers see it: "¥40,800", "$7.99", "CA$12.00",
// "£6.39", "€6.37"; an unknown currency gets its code ("CHF 5.00").
func Money(m market.Money) string {
	sign, ok := currencySigns[m.Currency]
	if !ok {
		sign = m.Currency + " "
	}
	neg := ""
	// The magnitude in uint64: -math.MinInt64 does not fit in an int64.
	amount := uint64(m.Amount)
	if m.Amount < 0 {
		neg, amount = "-", -amount
	}
	unit := uint64(market.MinorUnits(m.Currency))
	if unit == 1 {
		return neg + sign + group(amount)
	}
	return fmt.Sprintf("%s%s%s.%02d", neg, sign, group(amount/unit), amount%unit)
}

// Int formats n with thousands separators ("12,800").
func Int(n int64) string {
	if n < 0 {
		return "-" + group(-uint64(n))
	}
	return group(uint64(n))
}

// group writes n with a comma between each three digits.
func group(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
