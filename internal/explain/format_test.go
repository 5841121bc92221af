package explain

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

func TestMoney(t *testing.T) {
	tests := []struct {
		m    market.Money
		want string
	}{
		{market.Money{Amount: 40800, Currency: "JPY"}, "¥40,800"},
		{market.Money{Amount: 2100, Currency: "JPY"}, "¥2,100"},
		{market.Money{Amount: 0, Currency: "JPY"}, "¥0"},
		{market.Money{Amount: -1000, Currency: "JPY"}, "-¥1,000"},
		{market.Money{Amount: 799, Currency: "USD"}, "$7.99"},
		{market.Money{Amount: 123456789, Currency: "USD"}, "$1,234,567.89"},
		{market.Money{Amount: -5, Currency: "USD"}, "-$0.05"},
		{market.Money{Amount: 1200, Currency: "CAD"}, "CA$12.00"},
		{market.Money{Amount: 639, Currency: "GBP"}, "£6.39"},
		{market.Money{Amount: 637, Currency: "EUR"}, "€6.37"},
		{market.Money{Amount: 500, Currency: "CHF"}, "CHF 5.00"},
		{market.Money{Amount: math.MinInt64, Currency: "USD"}, "-$92,233,720,368,547,758.08"},
		{market.Money{Amount: math.MinInt64, Currency: "JPY"}, "-¥9,223,372,036,854,775,808"},
		{market.Money{Amount: math.MaxInt64, Currency: "JPY"}, "¥9,223,372,036,854,775,807"},
	}
	for _, tt := range tests {
		if got := Money(tt.m); got != tt.want {
			t.Errorf("Money(%v) = %q; want %q", tt.m, got, tt.want)
		}
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {12800, "12,800"}, {1234567, "1,234,567"}, {-1234, "-1,234"}, {-999, "-999"}, {math.MinInt64, "-9,223,372,036,854,775,808"}}
	for _, tt := range tests {
		if got := Int(tt.n); got != tt.want {
			t.Errorf("Int(%d) = %q; want %q", tt.n, got, tt.want)
		}
	}
}

func TestValue(t *testing.T) {
	var fromJSON map[string]any
	if err := json.Unmarshal([]byte(`{"price":{"amount":40800,"currency":"JPY"},"percent":95,"odd":{"x":1},"huge":{"amount":1e300,"currency":"JPY"},"list":["a\u001b","b\u202e"]}`), &fromJSON); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"money", market.Money{Amount: 799, Currency: "USD"}, "$7.99"},
		{"money pointer", &market.Money{Amount: 639, Currency: "GBP"}, "£6.39"},
		{"nil money pointer", (*market.Money)(nil), ""},
		{"money through JSON", fromJSON["price"], "¥40,800"},
		{"int through JSON", fromJSON["percent"], "95"},
		{"map that is not money", fromJSON["odd"], "map[x:1]"},
		{"amount no int64 holds", fromJSON["huge"], "map[amount:1e+300 currency:JPY]"},
		{"array of page text", fromJSON["list"], "[a b]"},
		{"int", 5000, "5,000"},
		{"int64", int64(31483), "31,483"},
		{"fraction", 2.5, "2.5"},
		{"json number", json.Number("1200"), "1,200"},
		{"string", "CN", "CN"},
		{"control characters", "Shop\x1b[31m\u0007Red", "Shop[31mRed"},
		{"bidi override", "photo\u202egpj.exe", "photogpj.exe"},
		{"long name", strings.Repeat("W", 100), strings.Repeat("W", 80) + "…"},
		{"80 characters", strings.Repeat("名", 80), strings.Repeat("名", 80)},
		{"bool", true, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Value(tt.v); got != tt.want {
				t.Errorf("Value(%#v) = %q; want %q", tt.v, got, tt.want)
			}
		})
	}
}
