package amazon

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixturesDir is the shared folder of real Amazon pages. Tests skip when it
// is absent, unless MIKIWAME_REQUIRE_FIXTURES=1 (CI) makes that a failure.
func fixturesDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "amazon")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("MIKIWAME_REQUIRE_FIXTURES") == "1" {
			t.Fatalf("real Amazon fixtures not found at %s: %v", dir, err)
		}
		t.Skipf("real Amazon fixtures not found at %s; skipping", dir)
	}
	return dir
}

// Page kinds, one per reader.
const (
	kindProduct    = "product"
	kindOffers     = "offers"
	kindSeller     = "seller"
	kindStorefront = "storefront"
)

// realPages are the shared real pages with the URL each was saved from.
var realPages = []struct {
	file, kind, url string
}{
	{"ca/product_0131103628_used_fba_bestdealbooks.html", kindProduct, "https://www.amazon.ca/dp/0131103628"},
	{"de/product_B01LW7X0JJ_merchant_weisser_berg.html", kindProduct, "https://www.amazon.de/dp/B01LW7X0JJ"},
	{"es/product_B07ZCVN7YN_pt_fba_apollo_tools.html", kindProduct, "https://www.amazon.es/dp/B07ZCVN7YN?language=pt_PT"},
	{"fr/product_B00004YS4O_used_divertissementvotre.html", kindProduct, "https://www.amazon.fr/dp/B00004YS4O"},
	{"jp/amazon_jp_available.html", kindProduct, "https://www.amazon.co.jp/dp/4866510595"},
	{"jp/amazon_jp_not_available.html", kindProduct, "https://www.amazon.co.jp/dp/B0148D25Z2"},
	{"jp/amazon_jp_not_found.html", kindProduct, "https://www.amazon.co.jp/dp/B000000000"},
	{"jp/amazon_jp_reservable.html", kindProduct, "https://www.amazon.co.jp/dp/B07X779ZK5"},
	{"uk/product_B01LW7X0JJ_merchant_ascot_city.html", kindProduct, "https://www.amazon.co.uk/dp/B01LW7X0JJ"},
	{"uk/product_goldstone_books.html", kindProduct, "https://www.amazon.co.uk/dp/1849757097"},
	{"us/captcha.html", kindProduct, "https://www.amazon.com/dp/0001982389"},
	{"us/offer_listing_0001982389.html", kindOffers, "https://www.amazon.com/gp/offer-listing/0001982389"},
	{"us/offer_listing_0135157862_amazon_image.html", kindOffers, "https://www.amazon.com/gp/offer-listing/0135157862"},
	{"us/product_0062796984_list_price_amazon.html", kindProduct, "https://www.amazon.com/dp/0062796984"},
	{"us/product_1439878676_accordion_amazon.html", kindProduct, "https://www.amazon.com/dp/1439878676"},
	{"us/offer_listing_B07L6P7J2M.html", kindOffers, "https://www.amazon.com/gp/offer-listing/B07L6P7J2M"},
	{"us/product_B01LW7X0JJ_fba_uxcell.html", kindProduct, "https://www.amazon.com/dp/B01LW7X0JJ"},
	{"us/product_B07H57DNVV_amazon.html", kindProduct, "https://www.amazon.com/dp/B07H57DNVV"},
	{"us/product_fba_direct_changm.html", kindProduct, "https://www.amazon.com/dp/B07G2L3JMM"},
	{"us/storefront_A2DP2EEPU3VU45.html", kindStorefront, "https://www.amazon.com/s?me=A2DP2EEPU3VU45&marketplaceID=ATVPDKIKX0DER"},
}

// golden is what a golden file holds: the result, or the error code.
type golden struct {
	Result any                     `json:"result,omitempty"`
	Error  *market.UnreadableError `json:"error,omitempty"`
}

// extract runs the reader for kind and returns what the golden file holds.
func extract(t *testing.T, kind string, r io.Reader, url string) golden {
	t.Helper()
	var (
		res any
		err error
	)
	switch kind {
	case kindProduct:
		res, err = Product(r, url)
	case kindOffers:
		res, err = Offers(r, url)
	case kindSeller:
		res, err = SellerProfile(r, url)
	case kindStorefront:
		res, err = Storefront(r, url)
	default:
		t.Fatalf("unknown kind %q", kind)
	}
	if err != nil {
		u, ok := market.AsUnreadable(err)
		if !ok {
			t.Fatalf("%s(%s) error %v is not an *UnreadableError", kind, url, err)
		}
		return golden{Error: u}
	}
	return golden{Result: res}
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got golden) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("extraction differs from %s\ngot:\n%s\nwant:\n%s", path, b, want)
	}
}

func TestGoldenRealPages(t *testing.T) {
	dir := fixturesDir(t)
	for _, p := range realPages {
		t.Run(p.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, p.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			name := strings.ReplaceAll(strings.TrimSuffix(p.file, ".html"), "/", "_") + ".json"
			checkGolden(t, filepath.Join("testdata", "golden", "real", name), extract(t, p.kind, f, p.url))
		})
	}
}

// handMadeURL finds the "url: …" line in a hand-made page's opening comment.
var handMadeURL = regexp.MustCompile(`(?m)^\s*url:\s*(\S+)`)

// handMadeKind is the reader a hand-made page is for, from its name prefix.
func handMadeKind(name string) string {
	for _, k := range []string{kindProduct, kindOffers, kindSeller, kindStorefront} {
		if strings.HasPrefix(name, k+"_") {
			return k
		}
	}
	return ""
}

func TestGoldenHandMadePages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no hand-made pages in testdata/pages")
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			head := string(b[:min(len(b), 2000)])
			if !strings.HasPrefix(head, "<!--") || !strings.Contains(strings.ToLower(head), "hand-made for mikiwame") {
				t.Fatalf("%s must start with a comment saying it is hand-made for Mikiwame", name)
			}
			kind := handMadeKind(name)
			if kind == "" {
				t.Fatalf("%s: name must start with product_, offers_, seller_ or storefront_", name)
			}
			m := handMadeURL.FindStringSubmatch(head)
			if m == nil {
				t.Fatalf("%s: opening comment has no url: line", name)
			}
			got := extract(t, kind, bytes.NewReader(b), m[1])
			checkGolden(t, filepath.Join("testdata", "golden", "pages", strings.TrimSuffix(name, ".html")+".json"), got)
		})
	}
}
