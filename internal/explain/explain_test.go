package explain

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/mikiwame/mikiwame/extension"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/score"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// ownPrefixes are the message keys this package reads; the extension's UI
// keys in the same files follow Chrome's own $PLACEHOLDER$ rules instead.
var ownPrefixes = []string{"reason_", "level_", "summary_", "unreadable_", "baseline_"}

func own(key string) bool {
	for _, p := range ownPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func TestCatalogueHasEveryCode(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		msgs := catalogue(lang)
		for _, code := range score.Codes() {
			key := "reason_" + code
			if _, ok := msgs[key]; !ok {
				t.Errorf("%s: no message %s", lang, key)
				continue
			}
			got := placeholders(lang, key)
			slices.Sort(got)
			if want := score.ParamNames(code); !slices.Equal(got, want) {
				t.Errorf("%s: %s placeholders = %v; want %v (the params the rule emits)", lang, key, got, want)
			}
		}
		var keys []string
		for _, l := range []market.Level{market.LevelOK, market.LevelCaution, market.LevelDanger, market.LevelUnknown} {
			keys = append(keys, "level_"+string(l), "summary_"+string(l))
		}
		keys = append(keys, "summary_unreadable")
		for _, c := range []string{market.PageCaptcha, market.PageNotFound, market.PageError, market.NotProductPage,
			market.NoOffer, market.UnknownLayout, market.EmptyPage, market.NotSellerPage, market.NotStorefront, market.UnknownMarket} {
			keys = append(keys, "unreadable_"+c)
		}
		for _, k := range keys {
			if _, ok := msgs[k]; !ok {
				t.Errorf("%s: no message %s", lang, k)
			}
		}
		for _, src := range []string{market.BaselineCrowd, market.BaselineOffers, market.BaselineAmazon, market.BaselineListPrice} {
			if got := placeholders(lang, "baseline_"+src); !slices.Equal(got, []string{"baseline"}) {
				t.Errorf("%s: baseline_%s placeholders = %v; want [baseline]", lang, src, got)
			}
		}
	}
}

func TestCataloguesMatch(t *testing.T) {
	ja, en := keys("ja"), keys("en")
	slices.Sort(ja)
	slices.Sort(en)
	if !slices.Equal(ja, en) {
		t.Errorf("ja keys = %v;\nwant the en keys %v", ja, en)
	}
}

// TestCatalogueFormat checks the raw files as Chrome reads them.
func TestCatalogueFormat(t *testing.T) {
	keyRE := regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	for lang, data := range map[string][]byte{"ja": extension.MessagesJA, "en": extension.MessagesEN} {
		var raw map[string]struct {
			Message     string `json:"message"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s/messages.json: %v", lang, err)
		}
		for k, m := range raw {
			if !keyRE.MatchString(k) {
				t.Errorf("%s: key %q has characters Chrome does not allow", lang, k)
			}
			if !own(k) {
				continue
			}
			if m.Message == "" || m.Description == "" {
				t.Errorf("%s: %s has an empty message or description", lang, k)
			}
			if strings.Contains(m.Message, "$") {
				t.Errorf("%s: %s message %q has a $, which Chrome reads as a placeholder", lang, k, m.Message)
			}
			if lang == "ja" && !strings.ContainsFunc(m.Message, func(r rune) bool {
				return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
			}) {
				t.Errorf("ja: %s = %q; want Japanese", k, m.Message)
			}
		}
	}
}

func TestMessage(t *testing.T) {
	tests := []struct {
		lang, key string
		params    map[string]any
		want      string
	}{
		{"en", "reason_SELLER_FEW_RATINGS", map[string]any{"ratings": 3}, "Few ratings so far: the seller has 3 in total."},
		{"ja", "reason_SELLER_FEW_RATINGS", map[string]any{"ratings": 3}, "出品者の評価は 3 件しかありません。"},
		{"en", "reason_SELLER_FEW_RATINGS", nil, "Few ratings so far: the seller has {ratings} in total."},
		{"fr", "level_danger", nil, "Danger"},
		{"ja_JP.UTF-8", "level_danger", nil, "危険"},
		{"en", "reason_NO_SUCH_CODE", nil, "reason_NO_SUCH_CODE"},
	}
	for _, tt := range tests {
		if got := Message(tt.lang, tt.key, tt.params); got != tt.want {
			t.Errorf("Message(%q, %q, %v) = %q; want %q", tt.lang, tt.key, tt.params, got, tt.want)
		}
	}
}

func TestExplainPriceSentence(t *testing.T) {
	v := market.Verdict{Level: market.LevelDanger, Score: 80, Reasons: []market.Reason{{
		Code: score.PriceFarBelowMarket, Severity: market.SeverityHigh, Points: 40,
		Params: map[string]any{"price": market.Money{Amount: 2100, Currency: "JPY"},
			"baseline": market.Money{Amount: 40800, Currency: "JPY"}, "percent": 95}}}}
	got := Explain(v, "ja").Reasons[0].Text
	if !strings.Contains(got, "送料込み ¥2,100 は、市場価格 ¥40,800 より 95% 安い価格です") {
		t.Errorf("Explain(ja) reason = %q; want the prices and percent in it", got)
	}
	got = Explain(v, "en").Reasons[0].Text
	if !strings.HasPrefix(got, "¥2,100 with shipping is 95% below the market price of ¥40,800.") {
		t.Errorf("Explain(en) reason = %q; want the prices and percent in it", got)
	}
}

// TestExplainGolden words whole verdicts from the scorer in both languages.
func TestExplainGolden(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	n := func(i int) *int { return &i }
	verdicts := map[string]market.Verdict{
		"hijacked": score.Score(market.Listing{Marketplace: market.JP,
			ListPrice: &market.Money{Amount: 40800, Currency: "JPY"},
			Offer: &market.Offer{SellerID: "A1", SellerName: "Sakura Trading", Fulfillment: market.SellerFulfilled,
				Price: &market.Money{Amount: 2100, Currency: "JPY"}, Delivery: &market.Delivery{Latest: "12-15"}}},
			market.Context{Now: now, Seller: &market.Seller{ID: "A1", Name: "Sakura Trading", Country: "CN",
				Ratings: market.Ratings{Lifetime: n(250), Days30: n(0), Days90: n(0), Months12: n(0)}}}),
		"amazon": score.Score(market.Listing{Marketplace: market.US,
			Offer: &market.Offer{SellerID: "ATVPDKIKX0DER", Fulfillment: market.SoldByAmazon,
				Price: &market.Money{Amount: 799, Currency: "USD"}}}, market.Context{}),
		"unknown": score.Score(market.Listing{Marketplace: market.UK,
			Offer: &market.Offer{SellerID: "A2", SellerName: "Goldstone-Books", Fulfillment: market.FulfilledByAmazon,
				Price: &market.Money{Amount: 639, Currency: "GBP"}}}, market.Context{}),
		"captcha": score.Unreadable(&market.UnreadableError{Code: market.PageCaptcha}),
	}
	for name, v := range verdicts {
		for _, lang := range []string{"ja", "en"} {
			t.Run(name+"_"+lang, func(t *testing.T) {
				got, err := json.MarshalIndent(Explain(v, lang), "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, '\n')
				path := filepath.Join("testdata", name+"."+lang+".golden.json")
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("Explain(%s, %s) =\n%s\nwant\n%s", name, lang, got, want)
				}
			})
		}
	}
}

// placeholders lists the {names} used by the sentence key in lang, in order.
func placeholders(lang, key string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(catalogue(Lang(lang))[key], -1) {
		names = append(names, m[1])
	}
	return names
}

// keys lists every message key of lang's catalogue (unordered).
func keys(lang string) []string {
	var keys []string
	for k := range catalogue(Lang(lang)) {
		keys = append(keys, k)
	}
	return keys
}

func TestNamedParams(t *testing.T) {
	tests := []struct {
		lang, key string
		params    map[string]any
		want      string
	}{
		{"ja", "reason_ADDRESS_OVERSEAS", map[string]any{"country": "CN"}, "国外（中国）"},
		{"en", "reason_ADDRESS_OVERSEAS", map[string]any{"country": "cn"}, "overseas (China)"},
		{"en", "reason_ADDRESS_OVERSEAS", map[string]any{"country": "ZZ"}, "overseas (ZZ)"},
		{"ja", "reason_PROFILE_PART_NOT_READ", map[string]any{"part": "address"}, "プロフィールの住所を"},
		{"en", "reason_PROFILE_PART_NOT_READ", map[string]any{"part": "ratings"}, "profile's ratings could"},
		{"en", "reason_LONG_DELIVERY", map[string]any{"days": 35, "about": true}, "up to about 35 days"},
		{"en", "reason_LONG_DELIVERY", map[string]any{"days": 35, "about": false}, "up to 35 days"},
		{"ja", "reason_LONG_DELIVERY", map[string]any{"days": 35, "about": true}, "最長約 35 日"},
		{"ja", "reason_LONG_DELIVERY", map[string]any{"days": 35, "about": false}, "最長 35 日"},
		// A name table applies to its own parameter only.
		{"en", "reason_SELLER_RENAMED", map[string]any{"former": "CN"}, `"CN"`},
	}
	for _, tt := range tests {
		if got := Message(tt.lang, tt.key, tt.params); !strings.Contains(got, tt.want) {
			t.Errorf("Message(%q, %q, %v) = %q; want it to contain %q", tt.lang, tt.key, tt.params, got, tt.want)
		}
	}
}

// TestPriceSentences holds each price band to its own words: "somewhat
// low" only for the somewhat band, "list price" (never "market price")
// against a list price.
func TestPriceSentences(t *testing.T) {
	base := market.Money{Amount: 10000, Currency: "JPY"}
	for _, tt := range []struct {
		price       int64
		list        bool
		somewhat    bool
		listWording bool
	}{{7500, false, true, false}, {4000, false, false, false}, {4000, true, false, true}, {7500, true, false, false}} {
		l := market.Listing{Marketplace: market.JP, Offer: &market.Offer{SellerID: "A1", SellerName: "Tokyo Shop",
			Fulfillment: market.SellerFulfilled, Price: &market.Money{Amount: tt.price, Currency: "JPY"}}}
		c := market.Context{}
		if tt.list {
			l.ListPrice = &base
		} else {
			c.Baseline = &market.Baseline{Median: base.Amount, Contributors: 10, Currency: "JPY"}
		}
		v := score.Score(l, c)
		for lang, words := range map[string][3]string{"ja": {"少し安い", "参考価格", "市場価格"}, "en": {"somewhat", "list price", "market price"}} {
			var text string
			for _, r := range Explain(v, lang).Reasons {
				if strings.HasPrefix(r.Code, "PRICE_") {
					text += r.Text
				}
			}
			if strings.Contains(text, words[0]) != tt.somewhat || strings.Contains(text, words[1]) != tt.listWording ||
				tt.listWording && strings.Contains(text, words[2]) {
				t.Errorf("Explain(¥%d against %v, %s) price text = %q; want somewhat %v, list price %v",
					tt.price, base, lang, text, tt.somewhat, tt.listWording)
			}
		}
	}
}
