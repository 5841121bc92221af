package explain

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mikiwame/mikiwame/internal/market"
)

// FuzzExplain explains whatever verdict JSON decodes to, as the wasm
// bridge does: no panic, valid UTF-8, and no control character from a
// parameter reaches a sentence.
func FuzzExplain(f *testing.F) {
	f.Add(`{"level":"danger","score":60,"reasons":[{"code":"PRICE_FAR_BELOW_MARKET","severity":"high","params":{"price":{"amount":-9223372036854775808,"currency":"USD"},"baseline":{"amount":1e300,"currency":"JPY"},"percent":63}},{"code":"SLOPPY_SELLER_NAME","params":{"name":"a\u001b[31mb\u202e"}}],"baselineSource":"crowd","baseline":{"amount":5,"currency":"XXX"}}`, "ja")
	f.Add(`{"level":"unknown","unreadable":{"code":"PAGE_CAPTCHA"}}`, "en")
	f.Add(`{"reasons":[{"code":"","params":{"x":[1,{"a":null}]}}]}`, "de")
	f.Add(`{"reasons":[{"code":"SLOPPY_SELLER_NAME","params":{"name":["\u001b[2J"]}}]}`, "en")
	f.Add(`{"reasons":[{"code":"SLOPPY_SELLER_NAME","params":{"name":{"x":"\u202e"}}}]}`, "ja")
	f.Fuzz(func(t *testing.T, verdict, lang string) {
		var v market.Verdict
		if json.Unmarshal([]byte(verdict), &v) != nil {
			return
		}
		e := Explain(v, lang)
		for _, s := range append([]string{e.Title, e.Summary, e.Baseline}, texts(e.Reasons)...) {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x1b\u202e") {
				t.Fatalf("Explain(%s, %q) has text %q; want valid UTF-8 with no escapes or bidi overrides", verdict, lang, s)
			}
		}
	})
}

func texts(rs []Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Text)
	}
	return out
}
