package market

import "testing"

func TestValidSellerID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"AN1VRQENFRJN5", true},
		{"A1THAZDOWP300U", true},
		{"AIF4G7PLKBOZY", true},
		{"A1234567", true},
		{"A123456", false},               // too short
		{"A12345678901234567890", false}, // 21 characters
		{"B1THAZDOWP300U", false},        // not A…
		{"a1thazdowp300u", false},        // lower case
		{"A1THAZ/../X", false},           // path
		{"A1THAZDOWP300U\n", false},      // trailing newline
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidSellerID(tt.id); got != tt.want {
			t.Errorf("ValidSellerID(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
}

func TestValidASIN(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"B01LW7X0JJ", true},
		{"0001982389", true},
		{"B01LW7X0J", false},
		{"B01LW7X0JJX", false},
		{"b01lw7x0jj", false},
		{"B01LW7X0J?", false},
	}
	for _, tt := range tests {
		if got := ValidASIN(tt.s); got != tt.want {
			t.Errorf("ValidASIN(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func TestASINFromURL(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"https://www.amazon.co.jp/dp/B0MKWHJK01", "B0MKWHJK01"},
		{"https://www.amazon.co.jp/Some-Title/dp/b0mkwhjk01/ref=x", "B0MKWHJK01"},
		{"https://www.amazon.com/gp/product/0001982389?th=1", "0001982389"},
		{"https://www.amazon.com/gp/offer-listing/B07L6P7J2M/ref=dp_olp", "B07L6P7J2M"},
		{"https://www.amazon.com/gp/aw/d/B01LW7X0JJ#x", "B01LW7X0JJ"},
		{"/dp/B01LW7X0JJ", "B01LW7X0JJ"},
		{"https://www.amazon.com/s?k=dp", ""},
		{"https://www.amazon.com/dp/B01LW7X0J", ""},   // 9 characters
		{"https://www.amazon.com/dp/B01LW7X0JJX", ""}, // 11 characters
		{"https://www.amazon.com/xdp/B01LW7X0JJ", ""}, // not the dp segment
		{"https://www.amazon.com/gp/B01LW7X0JJ", ""},  // gp without a page kind
		{"", ""},
	}
	for _, tt := range tests {
		if got := ASINFromURL(tt.url); got != tt.want {
			t.Errorf("ASINFromURL(%q) = %q; want %q", tt.url, got, tt.want)
		}
	}
}
