package pagetext

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func find(t *testing.T, src, sel string) *goquery.Selection {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Find(sel)
}

func TestRaw(t *testing.T) {
	tests := []struct{ name, html, sel, want string }{
		{"blocks are spaced", `<div id="r">In Stock.<div>Ships from</div>X</div>`, "#r", " In Stock. Ships from X  "},
		{"inline runs on", `<p id="r">a<b>b</b><span>c</span></p>`, "#r", " abc  "},
		{"hidden text left out", `<div id="r">a<script>x()</script><style>.c{}</style><noscript>n</noscript><template>t</template><select><option>o</option></select><!-- c -->b</div>`, "#r", " ab  "},
		{"every node, each followed by a space", `<i>a</i><i>b</i>`, "i", "a b "},
		{"nothing", `<i>a</i>`, "b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Raw(find(t, tt.html, tt.sel)); got != tt.want {
				t.Errorf("Raw(%s) = %q; want %q", tt.sel, got, tt.want)
			}
		})
	}
}

// Raw walks without recursion: a page nested as deep as the parser allows
// still gives its text.
func TestRawDeep(t *testing.T) {
	src := strings.Repeat("<span>", 500) + "deep" + strings.Repeat("</span>", 500)
	if got := Clean(Raw(find(t, src, "body")), 100); got != "deep" {
		t.Errorf("Clean(Raw(500 nested spans)) = %q; want %q", got, "deep")
	}
}

func TestInside(t *testing.T) {
	s := find(t, `<div id="o"><p><b id="n">x</b></p><template><i id="t">y</i></template></div><u id="out">z</u>`, "*")
	byID := map[string]*goquery.Selection{}
	s.Each(func(_ int, e *goquery.Selection) {
		if id, ok := e.Attr("id"); ok {
			byID[id] = e
		}
	})
	outer := byID["o"].Nodes[0]
	tests := []struct {
		id   string
		want bool
	}{
		{"n", true},    // two levels down
		{"t", false},   // inside, but in a template, whose text Raw skips
		{"out", false}, // a sibling
		{"o", false},   // itself
	}
	for _, tt := range tests {
		if got := Inside(byID[tt.id].Nodes[0], outer); got != tt.want {
			t.Errorf("Inside(#%s, #o) = %v; want %v", tt.id, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"  a \n\t b  ", 100, "a b"},
		{"evil\u202Egnp.exe", 100, "evilgnp.exe"},
		{"zero\u200Bwidth\uFEFF", 100, "zerowidth"},
		{"bell\x07\x00", 100, "bell"},
		{"bad\xffutf8", 100, "bad\uFFFDutf8"},
		{"全角\u3000スペース", 100, "全角 スペース"},
		{"abcdef", 3, "abc"},
		{"日本語テキスト", 3, "日本語"},
		{"a b c d", 3, "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Clean(tt.in, tt.max); got != tt.want {
				t.Errorf("Clean(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"１，２３４．５０", "1,234.50"},
		{"８８％（２３）", "88%(23)"},
		{"3－5‐7−9", "3-5-7-9"},
		{"a\u00a0b\u202fc\u3000d", "a b c d"},
		{"ＡＢＣ 円", "ＡＢＣ 円"}, // letters stay
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAtoi(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"31,483", 31483, true},
		{"1.000", 1000, true},
		{"1 000", 1000, true},
		{"1'000", 1000, true},
		{"２，２３８", 2238, true},
		{"0", 0, true},
		{"999999999", 999999999, true},
		{"1000000000", 0, false}, // ten digits: absurd
		{"", 0, false},
		{",", 0, false},
		{"12a", 0, false},
		{"-3", 0, false},
	}
	for _, tt := range tests {
		got, ok := Atoi(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Atoi(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// labels are the literals FoldMatcher is fuzzed with: list-price labels,
// with accents, kana and letters whose case folding leaves ASCII (ſ, K).
var labels = []string{"参考価格", "メーカー希望小売価格", "list price", "was:", "rrp", "uvp", "unverb", "prix conseillé", "prix de référence", "precio recomendado", "precio de lista", "prezzo consigliato", "typical price", "ſome", "Kelvin"}

func TestFoldMatcher(t *testing.T) {
	m := NewFoldMatcher(labels...)
	tests := []struct {
		in   string
		want []int
	}{
		{"List Price: $9.99", []int{0, 10}},
		{"Now LIST PRICE $1", []int{4, 14}},
		{"PRIX CONSEILLÉ 6 €", []int{0, 15}},
		{"x 参考価格: ￥40,800", []int{2, 14}},
		{"SOME", []int{0, 4}},        // ſ folds to s and S
		{"\u212aelvin", []int{0, 8}}, // the Kelvin sign folds to k
		{"liſt price", []int{0, 11}}, // and ſ to s inside a literal
		{"uvpunverb", []int{0, 3}},   // the first literal at the leftmost match
		{"wa", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := m.Index(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Index(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// FoldMatcher finds what the regexp of its literals finds.
func FuzzFoldMatcher(f *testing.F) {
	for _, s := range []string{
		"Price: $7.99 FREE Shipping", "List Price: $9.99", "LIST PRICE $1", "Was: £5", "Typical Price £3", "ＲＲＰ 5", "rrP",
		"Prix conseillé : 6,37 €", "PRIX CONSEILLÉ", "prix de RÉFÉRENCE", "参考価格: ￥40,800", "メーカー希望小売価格",
		"liſt price", "li\u017ft price", "\u017fome \u212a", "LIST\u00a0PRICE", "Ｗａｓ:", "uvpunverb", "wa", "", "\xff list price",
	} {
		f.Add(s)
	}
	quoted := make([]string, len(labels))
	for i, l := range labels {
		quoted[i] = regexp.QuoteMeta(l)
	}
	re := regexp.MustCompile(`(?i)` + strings.Join(quoted, "|"))
	m := NewFoldMatcher(labels...)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := m.Index(s), re.FindStringIndex(s); !slices.Equal(got, want) {
			t.Errorf("Index(%q) = %v; want %v", s, got, want)
		}
	})
}
