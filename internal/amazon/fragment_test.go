package amazon

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// buildFragment does what the content script does: the outerHTML of every
// element matching FragmentSelectors, outermost only, in document order,
// wrapped with the page title.
func buildFragment(t testing.TB, page string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	matched := doc.Find(strings.Join(FragmentSelectors, ", "))
	var b strings.Builder
	b.WriteString("<html><head><title>")
	b.WriteString(html.EscapeString(doc.Find("title").First().Text()))
	b.WriteString("</title></head><body>")
	taken := map[*html.Node]bool{}
	matched.Each(func(_ int, s *goquery.Selection) {
		for p := s.Nodes[0].Parent; p != nil; p = p.Parent {
			if taken[p] {
				return
			}
		}
		taken[s.Nodes[0]] = true
		h, err := goquery.OuterHtml(s)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(h)
	})
	b.WriteString("</body></html>")
	return b.String()
}

// TestFragmentMatchesWholePage checks that every real and hand-made
// product page gives the same Listing (or the same error code) from its
// fragment as from the page.
func TestFragmentMatchesWholePage(t *testing.T) {
	type page struct{ path, url string }
	var pages []page
	dir := fixturesDir(t)
	for _, p := range realPages {
		if p.kind == kindProduct {
			pages = append(pages, page{filepath.Join(dir, p.file), p.url})
		}
	}
	handMade, _ := filepath.Glob(filepath.Join("testdata", "pages", kindProduct+"_*.html"))
	for _, path := range handMade {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m := handMadeURL.FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s has no url: line", path)
		}
		pages = append(pages, page{path, string(m[1])})
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			b, err := os.ReadFile(p.path)
			if err != nil {
				t.Fatal(err)
			}
			frag := buildFragment(t, string(b))
			if len(b) > 100000 && len(frag) >= len(b)/2 {
				t.Errorf("fragment is %d bytes of a %d-byte page; want far smaller", len(frag), len(b))
			}
			// With the page URL, and without it (the marketplace then comes
			// from the canonical link, which the fragment keeps).
			for _, url := range []string{p.url, ""} {
				whole := extract(t, kindProduct, strings.NewReader(string(b)), url)
				part := extract(t, kindProduct, strings.NewReader(frag), url)
				if whole.Error != nil || part.Error != nil {
					if whole.Error == nil || part.Error == nil || whole.Error.Code != part.Error.Code {
						t.Errorf("Product(fragment, %q) error = %v; want %v", url, part.Error, whole.Error)
					}
					continue
				}
				if !reflect.DeepEqual(part.Result, whole.Result) {
					t.Errorf("Product(fragment, %q) = %+v; want %+v", url, part.Result, whole.Result)
				}
			}
		})
	}
}
