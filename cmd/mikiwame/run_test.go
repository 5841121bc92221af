package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// fixtures is the shared folder of real Amazon pages, read in place.
func fixtures(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "amazon")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("MIKIWAME_REQUIRE_FIXTURES") == "1" {
			t.Fatalf("real Amazon fixtures missing at %s: %v", dir, err)
		}
		t.Skipf("real Amazon fixtures not found at %s; set them up to run this test", dir)
	}
	return dir
}

// pages is internal/amazon's folder of hand-made pages.
func pages(t *testing.T, names ...string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "internal", "amazon", "testdata", "pages")
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Skipf("hand-made page %s not present yet: %v", n, err)
		}
	}
	return dir
}

// result is what one run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

func runCLI(args ...string) result {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// jsonReport is the --json shape the tests hold the CLI to.
type jsonReport struct {
	Listing *struct {
		Marketplace string `json:"marketplace"`
		Offer       *struct {
			SellerName string `json:"sellerName"`
		} `json:"offer"`
	} `json:"listing"`
	Seller  *market.Seller `json:"seller"`
	Verdict struct {
		Level   string `json:"level"`
		Score   *int   `json:"score"`
		Reasons []struct {
			Code     string         `json:"code"`
			Severity string         `json:"severity"`
			Points   *int           `json:"points"`
			Params   map[string]any `json:"params"`
		} `json:"reasons"`
		BaselineSource string                  `json:"baselineSource"`
		Unreadable     *market.UnreadableError `json:"unreadable"`
	} `json:"verdict"`
	Explanation struct {
		Title   string `json:"title"`
		Reasons []struct {
			Text string `json:"text"`
		} `json:"reasons"`
	} `json:"explanation"`
	Warnings []string `json:"warnings"`
}

func decode(t *testing.T, o result) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(o.stdout), &r); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s\nstderr: %s", err, o.stdout, o.stderr)
	}
	if r.Verdict.Score == nil || r.Verdict.Reasons == nil {
		t.Errorf("verdict = %+v; want score and reasons always present", r.Verdict)
	}
	for _, x := range r.Verdict.Reasons {
		if x.Code == "" || x.Severity == "" || x.Points == nil {
			t.Errorf("reason = %+v; want code, severity and points", x)
		}
	}
	return r
}

func codes(r jsonReport) []string {
	var c []string
	for _, x := range r.Verdict.Reasons {
		c = append(c, x.Code)
	}
	return c
}

func TestCheckRealPages(t *testing.T) {
	dir := fixtures(t)
	tests := []struct {
		page       string
		code       int
		level      string
		unreadable string
		must       []string
	}{
		{"us/product_fba_direct_changm.html", 0, "unknown", "", []string{"FULFILLED_BY_AMAZON", "SELLER_PROFILE_UNAVAILABLE"}},
		{"us/product_B01LW7X0JJ_fba_uxcell.html", 0, "unknown", "", []string{"FULFILLED_BY_AMAZON"}},
		{"us/product_B07H57DNVV_amazon.html", 0, "ok", "", []string{"SOLD_BY_AMAZON"}},
		{"jp/amazon_jp_available.html", 0, "ok", "", []string{"SOLD_BY_AMAZON"}},
		{"uk/product_goldstone_books.html", 0, "caution", "", []string{"SELLER_FULFILLED", "LONG_DELIVERY"}},
		{"de/product_B01LW7X0JJ_merchant_weisser_berg.html", 0, "unknown", "", []string{"SELLER_FULFILLED"}},
		{"us/captcha.html", 2, "unknown", market.PageCaptcha, nil},
		{"jp/amazon_jp_not_found.html", 2, "unknown", market.PageNotFound, nil},
		{"jp/amazon_jp_not_available.html", 2, "unknown", market.NoOffer, nil},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			o := runCLI("check", "--json", filepath.Join(dir, tt.page))
			if o.code != tt.code {
				t.Fatalf("run(check %s) = %d; want %d\nstderr: %s", tt.page, o.code, tt.code, o.stderr)
			}
			r := decode(t, o)
			if r.Verdict.Level != tt.level {
				t.Errorf("level = %s %v; want %s", r.Verdict.Level, codes(r), tt.level)
			}
			if got := r.Verdict.Unreadable; (got == nil) != (tt.unreadable == "") || (got != nil && got.Code != tt.unreadable) {
				t.Errorf("unreadable = %+v; want %q", got, tt.unreadable)
			}
			if tt.unreadable != "" && r.Listing != nil {
				t.Errorf("listing = %+v; want none for an unreadable page", r.Listing)
			}
			for _, c := range tt.must {
				if !slices.Contains(codes(r), c) {
					t.Errorf("reasons = %v; want %s", codes(r), c)
				}
			}
		})
	}
}

// TestCheckDirectChangM is the README example: an FBA seller with no
// seller profile is neither a confident ok nor danger, in both languages.
func TestCheckDirectChangM(t *testing.T) {
	page := filepath.Join(fixtures(t), "us", "product_fba_direct_changm.html")
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"Can't tell\nThere is not enough information", "Fulfilled by Amazon", "not checked"}},
		{"ja", []string{"判定不能\n", "Amazon発送", "出品者のプロフィールを確認できなかった"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			o := runCLI("check", page, "--lang", tt.lang)
			if o.code != 0 {
				t.Fatalf("run() = %d; want 0\nstderr: %s", o.code, o.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(o.stdout, w) {
					t.Errorf("output =\n%s\nwant it to contain %q", o.stdout, w)
				}
			}
		})
	}
}

func TestCheckUnreadableHuman(t *testing.T) {
	page := filepath.Join(fixtures(t), "us", "captcha.html")
	o := runCLI("check", page, "--lang", "ja")
	if o.code != 2 || !strings.Contains(o.stdout, "ロボット確認") || !strings.Contains(o.stderr, market.PageCaptcha) {
		t.Errorf("run(check captcha) = %d\n%s\nstderr: %s\nwant 2, the sentence on stdout and the code on stderr", o.code, o.stdout, o.stderr)
	}
}

// TestCheckHijack puts the product page, the offers panel, the seller
// profile, the storefront and a crowd baseline together.
func TestCheckHijack(t *testing.T) {
	dir := pages(t, "product_jp_hijack_merchant.html", "offers_jp_aod.html", "seller_jp_dormant.html", "storefront_jp_over.html")
	tmp := t.TempDir()
	// The hand-made dormant profile belongs to another seller ID than the
	// hand-made product; give it the product's seller, as a real hijacked
	// account would have.
	b, err := os.ReadFile(filepath.Join(dir, "seller_jp_dormant.html"))
	if err != nil {
		t.Fatal(err)
	}
	seller := filepath.Join(tmp, "seller.html")
	if err := os.WriteFile(seller, bytes.ReplaceAll(b, []byte("A3DORMANTJP001"), []byte("A1B2C3D4E5F6G7")), 0o644); err != nil {
		t.Fatal(err)
	}
	baseline := filepath.Join(tmp, "baseline.json")
	if err := os.WriteFile(baseline, []byte(`{"median":40800,"p25":39800,"p75":41800,"n":40,"contributors":12,"currency":"JPY","updatedAt":"2026-11-20T00:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	product := filepath.Join(dir, "product_jp_hijack_merchant.html")

	o := runCLI("check", "--json", "--offers", filepath.Join(dir, "offers_jp_aod.html"), product,
		"--seller", seller, "--storefront", filepath.Join(dir, "storefront_jp_over.html"), "--baseline", baseline, "--lang", "en")
	if o.code != 0 {
		t.Fatalf("run() = %d; want 0\nstderr: %s", o.code, o.stderr)
	}
	r := decode(t, o)
	if r.Verdict.Level != "danger" || r.Verdict.BaselineSource != market.BaselineCrowd {
		t.Errorf("verdict = %s from %q %v; want danger from crowd", r.Verdict.Level, r.Verdict.BaselineSource, codes(r))
	}
	for _, c := range []string{"PRICE_FAR_BELOW_MARKET", "DORMANT_ACCOUNT", "CHEAP_FROM_UNPROVEN_SELLER"} {
		if !slices.Contains(codes(r), c) {
			t.Errorf("reasons = %v; want %s", codes(r), c)
		}
	}
	if r.Seller == nil || r.Seller.Listings == nil {
		t.Errorf("seller = %+v; want the profile with the storefront's listing count", r.Seller)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings = %v; want none", r.Warnings)
	}

	// The same in Japanese, as a person reads it.
	o = runCLI("check", product, "--seller", seller, "--baseline", baseline, "--lang", "ja")
	for _, w := range []string{"危険", "送料込み ¥2,600 は、市場価格 ¥40,800 より 93% 安い価格です", "直近 365 日間", "市場価格の目安: ¥40,800"} {
		if !strings.Contains(o.stdout, w) {
			t.Errorf("output =\n%s\nwant it to contain %q", o.stdout, w)
		}
	}
}

func TestCheckSellerMismatch(t *testing.T) {
	dir := pages(t, "product_jp_hijack_merchant.html", "seller_jp_2023.html")
	o := runCLI("check", filepath.Join(dir, "product_jp_hijack_merchant.html"), "--json",
		"--seller", filepath.Join(dir, "seller_jp_2023.html"))
	r := decode(t, o)
	if o.code != 0 || r.Seller != nil || len(r.Warnings) != 1 || !slices.Contains(codes(r), "SELLER_PROFILE_UNAVAILABLE") {
		t.Errorf("run(check with another seller's profile) = %d, seller %v, warnings %v, %v; want 0, the profile left out with a warning",
			o.code, r.Seller, r.Warnings, codes(r))
	}
}

func TestCheckURL(t *testing.T) {
	dir := pages(t, "product_jp_fba_tabular.html")
	page := filepath.Join(dir, "product_jp_fba_tabular.html")
	if o := runCLI("check", page); o.code != 1 || !strings.Contains(o.stderr, "--url") {
		t.Errorf("run(check page without canonical link) = %d, %q; want 1 and a hint about --url", o.code, o.stderr)
	}
	o := runCLI("check", page, "--url", "https://www.amazon.co.jp/dp/B0TESTJP02", "--json")
	if r := decode(t, o); o.code != 0 || r.Listing == nil || r.Listing.Marketplace != "JP" {
		t.Errorf("run(check --url) = %d, %+v; want 0 and a JP listing\nstderr: %s", o.code, r.Listing, o.stderr)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(fixtures(t), "us", "product_B07H57DNVV_amazon.html")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no arguments", nil, 1, "", "Usage:"},
		{"unknown command", []string{"score"}, 1, "", `unknown command "score"`},
		{"help", []string{"help"}, 0, "Usage:", ""},
		{"version", []string{"version"}, 0, "mikiwame dev", ""},
		{"check without page", []string{"check", "--json"}, 1, "", "needs a PAGE"},
		{"check with two pages", []string{"check", page, page}, 1, "", "one PAGE"},
		{"unknown flag", []string{"check", page, "--colour"}, 1, "", "colour"},
		{"bad language", []string{"check", page, "--lang", "fr"}, 1, "", "ja or en"},
		{"bad date", []string{"check", page, "--now", "24/11/2026"}, 1, "", "2026-11-24"},
		{"foreign url", []string{"check", page, "--url", "https://example.com/dp/X"}, 1, "", "not a page of an Amazon marketplace"},
		{"USD page as amazon.co.jp", []string{"check", page, "--url", "https://www.amazon.co.jp/dp/B07H57DNVV"}, 1, "", "priced in USD, but --url https://www.amazon.co.jp/dp/B07H57DNVV is a page of the JP marketplace, priced in JPY"},
		{"USD page as amazon.com", []string{"check", page, "--url", "https://www.amazon.com/dp/B07H57DNVV"}, 0, "", ""},
		{"missing page", []string{"check", filepath.Join(dir, "nope.html")}, 1, "", "nope.html"},
		{"bad baseline", []string{"check", page, "--baseline", bad}, 1, "", "--baseline"},
		{"storefront without seller", []string{"check", page, "--storefront", page}, 0, "", "only used together with --seller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := runCLI(tt.args...)
			if o.code != tt.code || !strings.Contains(o.stdout, tt.stdout) || !strings.Contains(o.stderr, tt.stderr) {
				t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
					tt.args, o.code, o.stdout, o.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestLanguageFromEnvironment(t *testing.T) {
	page := filepath.Join(fixtures(t), "us", "product_B07H57DNVV_amazon.html")
	defer func(f func(string) string) { getenv = f }(getenv)
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "ja_JP.UTF-8"}, "安全"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "Safe"},
		{map[string]string{"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "Safe"},
		{map[string]string{"LC_MESSAGES": "ja_JP"}, "安全"},
		{map[string]string{}, "Safe"},
	}
	for _, tt := range tests {
		getenv = func(k string) string { return tt.env[k] }
		if o := runCLI("check", page); !strings.HasPrefix(o.stdout, tt.want) {
			t.Errorf("run(check) with %v = %q; want it to start with %q", tt.env, o.stdout, tt.want)
		}
	}
	getenv = func(string) string { return "ja_JP.UTF-8" }
	if o := runCLI("check", page, "--lang", "en"); !strings.HasPrefix(o.stdout, "Safe") {
		t.Errorf("run(check --lang en) under LANG=ja = %q; want English", o.stdout)
	}
}
