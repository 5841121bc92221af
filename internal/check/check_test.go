package check

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/amazon"
	"github.com/mikiwame/mikiwame/internal/market"
)

// repoRoot is the directory holding go.mod, found from the package dir.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// fixtures is the shared folder of real Amazon pages. It is skipped when
// absent, unless MIKIWAME_REQUIRE_FIXTURES=1 (CI) makes that a failure.
func fixtures(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "fixtures", "amazon")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("MIKIWAME_REQUIRE_FIXTURES") == "1" {
			t.Fatalf("fixtures folder %s is missing and MIKIWAME_REQUIRE_FIXTURES=1", dir)
		}
		t.Skipf("fixtures folder %s is missing; skipping the real-page tests", dir)
	}
	return dir
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fragment is what the content script sends for page, built by
// amazon.Fragment exactly as the content script builds it.
func fragment(t *testing.T, page string) string {
	t.Helper()
	b, err := amazon.Fragment(strings.NewReader(page))
	if err != nil {
		t.Fatalf("amazon.Fragment(page) error = %v", err)
	}
	return string(b)
}

var pages = []struct {
	file, url string
	code      string // the unreadable code expected, "" for a readable page
}{
	{"jp/amazon_jp_available.html", "https://www.amazon.co.jp/dp/4088820053", ""},
	{"jp/amazon_jp_not_found.html", "https://www.amazon.co.jp/dp/B000000000", market.PageNotFound},
	{"us/product_B01LW7X0JJ_fba_uxcell.html", "https://www.amazon.com/dp/B01LW7X0JJ", ""},
	{"us/product_B07H57DNVV_amazon.html", "https://www.amazon.com/dp/B07H57DNVV", ""},
	{"us/product_fba_direct_changm.html", "https://www.amazon.com/dp/B07PGL2ZSL", ""},
	{"us/captcha.html", "https://www.amazon.com/dp/B01LW7X0JJ", market.PageCaptcha},
	{"uk/product_B01LW7X0JJ_merchant_ascot_city.html", "https://www.amazon.co.uk/dp/B01LW7X0JJ", ""},
	{"uk/product_goldstone_books.html", "https://www.amazon.co.uk/dp/0241559405", ""},
	{"de/product_B01LW7X0JJ_merchant_weisser_berg.html", "https://www.amazon.de/dp/B01LW7X0JJ", ""},
}

// Extract must answer for a real page exactly what the page reader and
// the scorer say, and the content script's fragment must read the same as
// the whole page: that is the whole point of sending fragments.
func TestExtractRealPages(t *testing.T) {
	dir := fixtures(t)
	for _, p := range pages {
		t.Run(p.file, func(t *testing.T) {
			page := readFile(t, filepath.Join(dir, p.file))
			env := Extract(KindProduct, page, p.url)
			if p.code != "" {
				if env.OK || env.Code != p.code {
					t.Fatalf("Extract(product, %s) = ok %v code %q; want ok false code %q", p.file, env.OK, env.Code, p.code)
				}
				if env.Verdict == nil || env.Verdict.Level != market.LevelUnknown {
					t.Errorf("Extract(product, %s).Verdict = %+v; want level unknown", p.file, env.Verdict)
				}
				return
			}
			if !env.OK || env.Listing == nil {
				t.Fatalf("Extract(product, %s) = %s; want ok with a listing", p.file, env.JSON())
			}
			want, err := amazon.Product(strings.NewReader(page), p.url)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*env.Listing, want) {
				t.Errorf("Extract(product, %s).Listing = %+v; want %+v", p.file, *env.Listing, want)
			}
			frag := Extract(KindProduct, fragment(t, page), p.url)
			if !frag.OK {
				t.Fatalf("Extract(product, fragment of %s) = %s; want ok", p.file, frag.JSON())
			}
			if got, want := offerJSON(frag.Listing), offerJSON(env.Listing); got != want {
				t.Errorf("Extract(product, fragment of %s) offer = %s; want %s (whole page)", p.file, got, want)
			}
			if len(frag.JSON()) >= len(page)/4 {
				t.Errorf("fragment of %s encodes to %d bytes; want far less than the page's %d", p.file, len(frag.JSON()), len(page))
			}
		})
	}
}

func offerJSON(l *market.Listing) string {
	b, _ := json.Marshal(struct {
		M market.Marketplace
		A string
		O *market.Offer
	}{l.Marketplace, l.ASIN, l.Offer})
	return string(b)
}

func TestExtractBadInput(t *testing.T) {
	tests := []struct {
		name, kind, html, url string
		wantErr               string // substring of Error
	}{
		{"unknown kind", "review", "<html></html>", "https://www.amazon.co.jp/dp/B0", "unknown kind"},
		{"empty kind", "", "<html></html>", "https://www.amazon.co.jp/dp/B0", "unknown kind"},
		{"empty url", KindProduct, "<html></html>", "", "url is empty"},
		{"huge url", KindProduct, "<html></html>", "https://www.amazon.co.jp/" + strings.Repeat("a", MaxURL), "url is"},
		{"huge html", KindProduct, strings.Repeat("<p>x", MaxHTML/4+1), "https://www.amazon.co.jp/dp/B0", "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Extract(tt.kind, tt.html, tt.url)
			if env.OK || !strings.Contains(env.Error, tt.wantErr) {
				t.Errorf("Extract(%q, …, %q) = %s; want ok false with %q", tt.kind, truncate(tt.url, 40), env.JSON(), tt.wantErr)
			}
		})
	}
}

// Garbage and empty pages are normal input: every kind must say it could
// not read them, with a code, and never panic.
func TestExtractGarbage(t *testing.T) {
	inputs := map[string]string{
		"empty":   "",
		"spaces":  "   \n\t",
		"binary":  "\x00\xff\xfe<\x00>" + strings.Repeat("\x01", 1000),
		"garbage": strings.Repeat("<div><span>¥1,000 garbage ", 20000),
	}
	for name, in := range inputs {
		for _, kind := range Kinds() {
			t.Run(name+"/"+kind, func(t *testing.T) {
				env := Extract(kind, in, "https://www.amazon.co.jp/dp/B000000000")
				if env.OK {
					t.Errorf("Extract(%s, %s) = %s; want ok false", kind, name, truncate(env.JSON(), 200))
				}
				if env.Error == "" {
					t.Errorf("Extract(%s, %s).Error is empty", kind, name)
				}
			})
		}
	}
}

func TestScore(t *testing.T) {
	listing := `{"marketplace":"JP","asin":"B000000001","offer":{"sellerName":"Amazon.co.jp","sellerId":"AN1VRQENFRJN5","fulfillment":"amazon","price":{"amount":1000,"currency":"JPY"}}}`
	tests := []struct {
		name, listing, context string
		ok                     bool
		wantErr                string
	}{
		{"listing alone", listing, "", true, ""},
		{"listing and context", listing, `{"baseline":{"median":1200,"p25":1100,"p75":1300,"n":9,"contributors":7,"currency":"JPY","updatedAt":"2026-11-01T00:00:00Z"}}`, true, ""},
		{"empty listing", "", "", false, "listing is empty"},
		{"not JSON", "{nope", "", false, "listing"},
		{"array", "[]", "", false, "listing"},
		{"trailing data", listing + "{}", "", false, "trailing"},
		{"bad context", listing, `{"baseline":"cheap"}`, false, "context"},
		{"huge context", listing, `{"x":"` + strings.Repeat("a", MaxJSON) + `"}`, false, "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Score(tt.listing, tt.context)
			if env.OK != tt.ok || !strings.Contains(env.Error, tt.wantErr) {
				t.Fatalf("Score(%s) = %s; want ok %v error containing %q", tt.name, truncate(env.JSON(), 200), tt.ok, tt.wantErr)
			}
			if tt.ok && (env.Verdict == nil || env.Verdict.Level == "") {
				t.Errorf("Score(%s).Verdict = %+v; want a verdict with a level", tt.name, env.Verdict)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	verdict := `{"level":"danger","score":80,"reasons":[{"code":"SELLER_NO_RATINGS","severity":"high","points":40}]}`
	tests := []struct {
		name, verdict, lang string
		ok                  bool
		wantErr             string
	}{
		{"ja", verdict, "ja", true, ""},
		{"en", verdict, "en", true, ""},
		{"no lang", verdict, "", false, "lang"},
		{"long lang", verdict, strings.Repeat("x", 100), false, "lang"},
		{"no verdict", "", "ja", false, "verdict is empty"},
		{"no level", `{"score":1}`, "ja", false, "no level"},
		{"broken", `{"level":`, "ja", false, "verdict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Explain(tt.verdict, tt.lang)
			if env.OK != tt.ok || !strings.Contains(env.Error, tt.wantErr) {
				t.Fatalf("Explain(%s) = %s; want ok %v error containing %q", tt.name, env.JSON(), tt.ok, tt.wantErr)
			}
			if tt.ok && (env.Explanation == nil || env.Explanation.Title == "") {
				t.Errorf("Explain(%s).Explanation = %+v; want a title", tt.name, env.Explanation)
			}
		})
	}
}

func TestSafe(t *testing.T) {
	env := Safe(func() Envelope { panic(errors.New("boom")) })
	if env.OK || !strings.Contains(env.Error, "boom") {
		t.Errorf("Safe(panic) = %s; want ok false mentioning boom", env.JSON())
	}
}

// The envelope's JSON is the wire contract with the extension: "ok" always,
// one payload on success, no payload but an error on failure.
func TestEnvelopeJSON(t *testing.T) {
	tests := []struct {
		env  Envelope
		keys []string
	}{
		{Envelope{OK: true, Offers: &[]market.Offer{}}, []string{"offers", "ok"}},
		{Envelope{OK: true, Storefront: &market.Storefront{Listings: 3}}, []string{"ok", "storefront"}},
		{Fail("x"), []string{"error", "ok"}},
		{failErr(market.Unreadable(market.PageCaptcha, "")), []string{"code", "error", "ok"}},
	}
	for _, tt := range tests {
		var m map[string]any
		if err := json.Unmarshal([]byte(tt.env.JSON()), &m); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !reflect.DeepEqual(keys, tt.keys) {
			t.Errorf("keys of %s = %v; want %v", tt.env.JSON(), keys, tt.keys)
		}
	}
}

// A saved page names itself through its canonical link; it is held to the
// same size limit as a page the extension sends.
func TestSavedProduct(t *testing.T) {
	pages := filepath.Join(repoRoot(t), "internal", "amazon", "testdata", "pages")
	tests := []struct {
		name, html string
		market     market.Marketplace
		code       string // the unreadable code expected
		wantErr    string // or a substring of another error
	}{
		{"canonical link", readFile(t, filepath.Join(pages, "product_jp_hijack_merchant.html")), market.JP, "", ""},
		{"no canonical link", readFile(t, filepath.Join(pages, "product_jp_fba_tabular.html")), "", market.UnknownMarket, ""},
		{"huge html", strings.Repeat("<p>x", MaxHTML/4+1), "", "", "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := SavedProduct(tt.html)
			switch {
			case tt.code != "":
				if u, ok := market.AsUnreadable(err); !ok || u.Code != tt.code {
					t.Errorf("SavedProduct(%s) error = %v; want code %s", tt.name, err, tt.code)
				}
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("SavedProduct(%s) error = %v; want %q", tt.name, err, tt.wantErr)
				}
			case err != nil || l.Marketplace != tt.market:
				t.Errorf("SavedProduct(%s) = %s, %v; want a %s listing", tt.name, l.Marketplace, err, tt.market)
			}
		})
	}
}
