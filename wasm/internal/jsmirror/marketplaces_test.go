package jsmirror

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// The extension keeps a JS copy of the marketplace table and of the ID forms
// (lib/marketplaces.js), because a service worker needs them before the wasm
// is loaded. This test keeps the copy equal to internal/market.
func TestMarketplacesJSMirrorsGo(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "extension", "lib", "marketplaces.js"))
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)

	row := regexp.MustCompile(`(?m)^\s*([A-Z]{2}): \{ host: "([^"]+)", currency: "([^"]+)", lang: "([^"]+)", amazonId: "([^"]+)" \},$`)
	rows := row.FindAllStringSubmatch(js, -1)
	if len(rows) != len(market.Marketplaces()) {
		t.Fatalf("marketplaces.js has %d marketplace rows; want %d", len(rows), len(market.Marketplaces()))
	}
	for _, r := range rows {
		m := market.Marketplace(r[1])
		if !m.Valid() {
			t.Errorf("marketplaces.js has %s; internal/market does not", m)
			continue
		}
		got := strings.Join(r[2:], " ")
		want := strings.Join([]string{"www." + m.Host(), m.Currency(), m.Language(), m.AmazonSellerID()}, " ")
		if got != want {
			t.Errorf("marketplaces.js %s = %s; want %s", m, got, want)
		}
	}

	for name, chars := range map[string]string{"SELLER_ID": market.SellerIDChars, "ASIN": market.ASINChars} {
		want := "const " + name + " = /^" + chars + "$/;"
		if !strings.Contains(js, want) {
			t.Errorf("marketplaces.js lacks %q (internal/market's form)", want)
		}
	}
}
