package amazon

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"

	"github.com/mikiwame/mikiwame/internal/market"
)

// benchPage is a real 1.1 MB product page (FBA seller, US).
func benchPage(b *testing.B) string {
	b.Helper()
	page, err := os.ReadFile(filepath.Join(fixturesDir(b), "us", "product_B01LW7X0JJ_fba_uxcell.html"))
	if err != nil {
		b.Fatal(err)
	}
	return string(page)
}

func BenchmarkProductWholePage(b *testing.B) {
	page := benchPage(b)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Product(strings.NewReader(page), "https://www.amazon.com/dp/B01LW7X0JJ"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProductFragment(b *testing.B) {
	frag := buildFragment(b, benchPage(b))
	b.SetBytes(int64(len(frag)))
	for b.Loop() {
		if _, err := Product(strings.NewReader(frag), "https://www.amazon.com/dp/B01LW7X0JJ"); err != nil {
			b.Fatal(err)
		}
	}
}

func benchHandMade(b *testing.B, name string) string {
	b.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		b.Fatal(err)
	}
	return string(page)
}

func BenchmarkSellerProfile(b *testing.B) {
	page := benchHandMade(b, "seller_jp_2023.html")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := SellerProfile(strings.NewReader(page), "https://www.amazon.co.jp/sp?seller=A2YAMADASHOP01"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOffers(b *testing.B) {
	page, err := os.ReadFile(filepath.Join(fixturesDir(b), "us", "offer_listing_0001982389.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Offers(strings.NewReader(string(page)), "https://www.amazon.com/gp/offer-listing/0001982389"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOffersAOD(b *testing.B) {
	page := benchHandMade(b, "offers_jp_aod.html")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := Offers(strings.NewReader(page), "https://www.amazon.co.jp/gp/product/ajax/aodAjaxMain/?asin=B0TESTJP01"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProductFragments reads the fragment of every real product page,
// the input of the extension's warm check.
func BenchmarkProductFragments(b *testing.B) {
	dir := fixturesDir(b)
	for _, p := range realPages {
		if p.kind != kindProduct {
			continue
		}
		page, err := os.ReadFile(filepath.Join(dir, p.file))
		if err != nil {
			b.Fatal(err)
		}
		frag := buildFragment(b, string(page))
		b.Run(strings.TrimSuffix(filepath.Base(p.file), ".html"), func(b *testing.B) {
			b.SetBytes(int64(len(frag)))
			for b.Loop() {
				// Unreadable pages (captcha, not found) are part of the work too.
				_, _ = Product(strings.NewReader(frag), p.url)
			}
		})
	}
}

// The page index must only narrow the search: for every selector this
// package uses, and some it does not, a Find through the index gives
// goquery's very nodes, in the same order, on every page.
func TestIndexedFindMatchesGoquery(t *testing.T) {
	docs := map[string]string{
		"duplicate and nested ids": `<div id="a" class="x  y	x"><p id="a" class="y">1</p><p id="b" id="a">2</p></div><span id="a">3</span><div id="a"><div id="a"><b>x</b></div><i>y</i></div>`,
		"foreign and odd tags":     `<svg><foreignObject class="x"><b>t</b></foreignObject></svg><DIV Class="X x">u</DIV><math><mi class="y">m</mi></math>`,
		"table and lists":          `<table id="price"><tr class="a-row"><td>1</td></tr></table><ul class="a-nostyle"><li>a<ul><li>b</li></ul></li></ul>`,
	}
	dir := fixturesDir(t)
	for _, p := range realPages {
		b, err := os.ReadFile(filepath.Join(dir, p.file))
		if err != nil {
			t.Fatal(err)
		}
		docs[p.file] = string(b)
		if p.kind == kindProduct {
			docs[p.file+" fragment"] = buildFragment(t, string(b))
		}
		// Run the reader so every selector it uses is compiled.
		extract(t, p.kind, strings.NewReader(string(b)), p.url)
	}
	handMade, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	for _, path := range handMade {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs[path] = string(b)
		if kind := handMadeKind(filepath.Base(path)); kind != "" {
			extract(t, kind, strings.NewReader(string(b)), "")
		}
	}
	selectors := []string{"div[", "#a,,", "*", ".x", "#a", "#a *", "#a > [class]", "#b + [id]", "#a [id], #b [id]", "[href]", "[HREF], [id]", "div [name]", "#a p", "#a .y, #a .x", "#b .x", "#a > b, #a i", "body *", "div > p + p", "p ~ span", ".x:not(.y)", "[id^=\"a\"]", "#a p, span", "DIV.X", "foreignObject", "b, .y, #b", ":not(p) > b"}
	compiled.Range(func(k, _ any) bool {
		selectors = append(selectors, k.(string))
		return true
	})
	// And every string literal of the package that is a selector, read or
	// not by these pages.
	pkg, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pkg["amazon"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if _, perr := cascadia.ParseGroup(s); err == nil && perr == nil && strings.TrimSpace(s) != "" {
					selectors = append(selectors, s)
				}
			}
			return true
		})
	}
	if len(selectors) < 150 {
		t.Fatalf("%d selectors found; want the package's 150 or more", len(selectors))
	}
	for name, src := range docs {
		p, err := parse(strings.NewReader(src))
		if err != nil {
			continue // unreadable pages are never searched
		}
		for _, sel := range selectors {
			got := p.Find(sel).Nodes
			want := p.Document.Find(sel).Nodes
			if !slices.Equal(got, want) {
				t.Errorf("%s: page.Find(%q) = %d nodes; want goquery's %d, in its order", name, sel, len(got), len(want))
			}
		}
	}
}

func TestKeysOf(t *testing.T) {
	tests := []struct {
		sel  string
		want []key
	}{
		{`#buybox`, []key{{'#', "buybox", ""}}},
		{`#buybox .offer-price`, []key{{'.', "offer-price", "buybox"}}},
		{`#corePrice_feature_div .a-price:not([data-a-strike]) .a-offscreen`, []key{{'.', "a-offscreen", "corePrice_feature_div"}}},
		{`.a-price:not([data-a-strike="true"])`, []key{{'.', "a-price", ""}}},
		{`input#ASIN, input[name="ASIN"]`, []key{{'#', "ASIN", ""}, {'t', "input", ""}}},
		{`a[href*="seller=, #x"]`, []key{{'t', "a", ""}}},
		{`#price > tr + td ~ th`, []key{{'t', "th", ""}}},
		{`#price > tr td`, []key{{'t', "td", "price"}}},
		{`#a .b > #c.d`, []key{{'#', "c", "a"}}},
		{`ul.a-unordered-list.a-nostyle li`, []key{{'t', "li", ""}}},
		{`span:first-child`, []key{{'t', "span", ""}}},
		{`:not(.x)`, nil},
		{`#a, [offer-display-feature-name="x"]`, []key{{'#', "a", ""}, {'@', "offer-display-feature-name", ""}}},
		{`#a, [id^="x"]`, nil},
		{`a[HREF*="seller="]`, []key{{'t', "a", ""}}},
		{`[class] > [Data-X]`, []key{{'@', "data-x", ""}}},
		{`[Data-X] > [class]`, nil},
		{`body *`, nil},
		{`#a\:b`, nil},
		{`#buybox [data-x], #d > * > *`, []key{{'@', "data-x", "buybox"}, {'a', "", "d"}}},
		{`#a + *`, nil},
		{`#a [x] ~ *`, nil},
		{`div#a.b > [class~="x"]`, []key{{'a', "", "a"}}},
		{`[ x]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.sel, func(t *testing.T) {
			if got := keysOf(tt.sel); !slices.Equal(got, tt.want) {
				t.Errorf("keysOf(%q) = %v; want %v", tt.sel, got, tt.want)
			}
		})
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
		s = fold(clean(s, maxText))
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
			doc, err := parse(strings.NewReader(tt.html))
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

// foldLits finds what the regexp of its literals finds.
func FuzzFoldLits(f *testing.F) {
	for _, s := range []string{
		"Price: $7.99 FREE Shipping", "List Price: $9.99", "LIST PRICE $1", "Was: £5", "Typical Price £3", "ＲＲＰ 5", "rrP",
		"Prix conseillé : 6,37 €", "PRIX CONSEILLÉ", "prix de RÉFÉRENCE", "参考価格: ￥40,800", "メーカー希望小売価格",
		"liſt price", "li\u017ft price", "\u017fome \u212a", "LIST\u00a0PRICE", "Ｗａｓ:", "uvpunverb", "wa", "", "\xff list price",
	} {
		f.Add(s)
	}
	quoted := make([]string, len(listPriceLabels.lits))
	for i, l := range listPriceLabels.lits {
		quoted[i] = regexp.QuoteMeta(l)
	}
	re := regexp.MustCompile(`(?i)` + strings.Join(quoted, "|"))
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := listPriceLabels.index(s), re.FindStringIndex(s); !slices.Equal(got, want) {
			t.Errorf("listPriceLabels.index(%q) = %v; want %v", s, got, want)
		}
	})
}
