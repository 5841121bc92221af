package textnorm

import (
	"testing"

	"github.com/mtibben/confusables"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＬＩＮＥ　ＩＤ：ａｂｃ１２３", "line id:abc123"},
		{"L I N E", "line"},
		{"W.h.a.t.s.A.p.p +86", "whatsapp +86"},
		{"Wha\u200btsApp", "whatsapp"},
		{"I am a fan", "i am a fan"}, // two single letters are words, not spelling
		{"お問い合わせ", "お問い合わせ"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSkeleton(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Amazon", "amazon"},
		{"AMAZ0N", "amazon"},
		{"Аmazon", "amazon"}, // Cyrillic А
		{"Amazοn", "amazon"}, // Greek ο
		{"ＡＭＡＺＯＮ", "amazon"}, // full-width
		{"N1KE", "nlke"},
		{"Nike", "nlke"},
		{"ソニー", "ソニー"},
	}
	for _, tt := range tests {
		if got := Skeleton(tt.in); got != tt.want {
			t.Errorf("Skeleton(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestMixedScript(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Amazоn Store", true}, // Cyrillic о inside a Latin word
		{"Sοny", true},         // Greek ο
		{"Amazon Store", false},
		{"ＳＯＮＹ公式", false}, // full-width Latin and kanji: ordinary Japanese
		{"株式会社ABC商事", false},
		{"Магазин Store", false}, // a Cyrillic word beside a Latin one
	}
	for _, tt := range tests {
		if got := MixedScript(tt.in); got != tt.want {
			t.Errorf("MixedScript(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// TestConfusableTable checks the generated table against its source:
// every entry has the skeleton the Unicode data gives, and no code point
// the data maps to one ASCII letter or digit is missing.
func TestConfusableTable(t *testing.T) {
	if len(confusableFrom) != len(confusableTo) {
		t.Fatalf("table has %d sources and %d targets", len(confusableFrom), len(confusableTo))
	}
	for i, r := range confusableFrom {
		if i > 0 && confusableFrom[i-1] >= r {
			t.Fatalf("confusableFrom not sorted at %d", i)
		}
		if got := confusables.Skeleton(string(r)); got != string(confusableTo[i]) {
			t.Errorf("table maps %U to %q; confusables.txt gives %q", r, confusableTo[i], got)
		}
	}
	in := map[rune]bool{}
	for _, r := range confusableFrom {
		in[r] = true
	}
	for r := rune(0x21); r < 0x3000; r++ {
		sk := confusables.Skeleton(string(r))
		if len(sk) == 1 && sk != string(r) && sk[0] < 0x80 && isASCIIAlnum(sk[0]) && !in[r] {
			t.Errorf("%U skeleton %q missing from the table (run go run gen_confusables.go)", r, sk)
		}
	}
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＰＰＬＥ　ギフトカード", "apple ギフトカード"},
		{"gift\u200b card", "gift card"}, // a zero-width space cannot split a word rule's phrase
		{"  Gift \t\n Card ", "gift card"},
		{"L I N E", "l i n e"}, // spelled-out letters are Fold's business, not Plain's
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
