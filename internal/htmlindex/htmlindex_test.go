package htmlindex

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// docs are documents whose shapes the index must get right: ids and
// classes repeated and nested, odd cases and namespaces, tables the parser
// rebuilds.
var docs = map[string]string{
	"duplicate and nested ids": `<div id="a" class="x  y	x"><p id="a" class="y">1</p><p id="b" id="a">2</p></div><span id="a">3</span><div id="a"><div id="a"><b>x</b></div><i>y</i></div>`,
	"foreign and odd tags":     `<svg><foreignObject class="x"><b>t</b></foreignObject></svg><DIV Class="X x">u</DIV><math><mi class="y">m</mi></math>`,
	"table and lists":          `<table id="price"><tr class="a-row"><td>1</td></tr></table><ul class="a-nostyle"><li>a<ul><li>b</li></ul></li></ul>`,
	"attributes":               `<div id="buybox"><a href="/sp?seller=A1" data-x="1">s</a><span data-x>t</span></div><input name="ASIN" value="B0"><a HREF="/x">u</a>`,
	"empty":                    ``,
}

// selectors are of every kind the index narrows by (id, class, tag,
// attribute, anchor id), of kinds it cannot narrow, and some cascadia
// cannot parse.
var selectors = []string{
	"div[", "#a,,", "*", ".x", "#a", "#a *", "#a > [class]", "#b + [id]", "#a [id], #b [id]", "[href]", "[HREF], [id]",
	"div [name]", "#a p", "#a .y, #a .x", "#b .x", "#a > b, #a i", "body *", "div > p + p", "p ~ span", ".x:not(.y)",
	"[id^=\"a\"]", "#a p, span", "DIV.X", "foreignObject", "b, .y, #b", ":not(p) > b", "#price tr td", "ul.a-nostyle li",
	"li li", "#buybox [data-x]", "#buybox a[href*=\"seller=\"]", "input[name=\"ASIN\"]", "#nope .x", ".nope", "#a\\:b",
}

func parse(t *testing.T, src string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A Find through the index, or on an unindexed page, gives goquery's very
// nodes, in the same order.
func TestIndexedFindMatchesGoquery(t *testing.T) {
	for name, src := range docs {
		doc := parse(t, src)
		pages := map[string]*Page{"New": New(doc, 0), "Unindexed": Unindexed(doc)}
		for kind, p := range pages {
			for _, sel := range selectors {
				want := doc.Find(sel).Nodes
				if got := p.Find(sel).Nodes; !slices.Equal(got, want) {
					t.Errorf("%s: %s(page).Find(%q) = %d nodes; want goquery's %d, in its order", name, kind, sel, len(got), len(want))
				}
				if got := p.FindMatcher(Compile(sel)).Nodes; !slices.Equal(got, want) {
					t.Errorf("%s: %s(page).FindMatcher(Compile(%q)) = %d nodes; want goquery's %d, in its order", name, kind, sel, len(got), len(want))
				}
			}
		}
	}
}

// The index must not be a no-op: a selector with a key tests only the
// elements that carry it.
func TestIndexNarrows(t *testing.T) {
	p := New(parse(t, docs["duplicate and nested ids"]), 0)
	tests := []struct {
		sel  string
		want int // candidates tested
	}{
		{"#a", 5},
		{".y", 2},
		{"#a b", 1},
		{"#a span", 0}, // the span lies after the first #a, and is one itself
		{"b, i", 2},
		{"p ~ span", 1},
		{":not(.x)", len(p.elems)}, // no key: every element
	}
	for _, tt := range tests {
		n := 0
		c := Compile(tt.sel)
		counting := &Selector{src: c.src, keys: c.keys, sel: func(nd *html.Node) bool { n++; return c.sel.Match(nd) }}
		p.matches(counting)
		if n != tt.want {
			t.Errorf("matches(%q) tested %d elements; want %d", tt.sel, n, tt.want)
		}
	}
}

func TestCompile(t *testing.T) {
	if a, b := Compile("#a .x"), Compile("#a .x"); a != b {
		t.Errorf("Compile(%q) twice = %p, %p; want the same compiled selector", "#a .x", a, b)
	}
	// A selector cascadia cannot parse matches nothing, as in goquery.
	p := New(parse(t, docs["duplicate and nested ids"]), 0)
	for _, sel := range []string{"div[", "#a,,", ""} {
		if got := p.Find(sel).Length(); got != 0 {
			t.Errorf("Find(%q) = %d nodes; want 0", sel, got)
		}
	}
}

func TestEmpty(t *testing.T) {
	doc := parse(t, docs["table and lists"])
	p := New(doc, 0)
	e := p.Empty()
	if e.Length() != 0 {
		t.Errorf("Empty().Length() = %d; want 0", e.Length())
	}
	// Empty is of the page's document, so what is added to it comes from there.
	if got := e.AddSelection(p.Find("td")).Length(); got != 1 {
		t.Errorf("Empty().AddSelection(td) = %d nodes; want 1", got)
	}
	if p.Empty() == e {
		t.Errorf("Empty() returned the same selection twice; want a fresh one each time")
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
