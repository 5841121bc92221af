package amazon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
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

// BenchmarkProductFragment and BenchmarkProductFragmentGoquery are the page
// index against plain goquery, on the extension's input: the same fragment
// read by the same code, its page searched through the index or as goquery
// searches (each selector compiled on every call, the whole document
// walked). docs/BENCHMARKS.md has the ratio.
func BenchmarkProductFragment(b *testing.B) { benchFragment(b, htmlindex.New) }

func BenchmarkProductFragmentGoquery(b *testing.B) {
	benchFragment(b, func(doc *goquery.Document, _ int) *htmlindex.Page { return htmlindex.Unindexed(doc) })
}

func benchFragment(b *testing.B, index pageIndex) {
	frag := buildFragment(b, benchPage(b))
	b.SetBytes(int64(len(frag)))
	for b.Loop() {
		if _, err := product(strings.NewReader(frag), "https://www.amazon.com/dp/B01LW7X0JJ", index); err != nil {
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
