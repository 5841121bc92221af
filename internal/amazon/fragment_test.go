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

// TestFragmentMatchesWholePage checks that every real product page gives the
// same Listing (or the same error code) from its fragment as from the page.
func TestFragmentMatchesWholePage(t *testing.T) {
	dir := fixturesDir(t)
	for _, p := range realPages {
		if p.kind != kindProduct {
			continue
		}
		t.Run(p.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, p.file))
			if err != nil {
				t.Fatal(err)
			}
			frag := buildFragment(t, string(b))
			if len(frag) >= len(b)/2 {
				t.Errorf("fragment is %d bytes of a %d-byte page; want far smaller", len(frag), len(b))
			}
			whole := extract(t, kindProduct, strings.NewReader(string(b)), p.url)
			part := extract(t, kindProduct, strings.NewReader(frag), p.url)
			if whole.Error != nil || part.Error != nil {
				if whole.Error == nil || part.Error == nil || whole.Error.Code != part.Error.Code {
					t.Fatalf("Product(fragment) error = %v; want %v", part.Error, whole.Error)
				}
				return
			}
			if !reflect.DeepEqual(part.Result, whole.Result) {
				t.Errorf("Product(fragment) = %+v; want %+v", part.Result, whole.Result)
			}
		})
	}
}
