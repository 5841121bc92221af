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
