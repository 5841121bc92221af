package amazon

import (
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// storefrontPage is where a seller's storefront search (/s?me=ID) shows
// what Storefront reads; of resultInfo, the first that has text wins.
var storefrontPage = struct {
	sellerInput string   // the search form's seller ID
	sellerLink  string   // a link that carries it
	resultInfo  []string // "1-16 of over 1,000 results"
	result      string   // one search result
	noResults   string   // where "No results for …" is said
	department  string   // one department of the left-nav refinements …
	deptName    string   // … its name …
	deptCount   string   // … and its result count, where shown
}{
	sellerInput: `input[name="me"]`,
	sellerLink:  `a[href*="me="]`,
	resultInfo: []string{
		`[data-component-type="s-result-info-bar"] h1 .s-breadcrumb span`,
		`[data-component-type="s-result-info-bar"] .s-breadcrumb`,
		`[data-component-type="s-result-info-bar"] h1`,
		`#s-result-count`,
		`.s-breadcrumb`,
	},
	result:    `[data-component-type="s-search-result"]`,
	noResults: `[data-component-type="s-result-info-bar"], .s-no-outline, #noResultsTitle, .s-main-slot .s-widget-container, #search h1, #search .a-section, h1, h2`,
	// The layout of the departments list is documented by one parser only
	// (AMAZON_PAGES.md §3.1), so it is read defensively: any li under
	// #departments, its name from the label span or the whole item.
	department: `#departments li`,
	deptName:   `.a-size-base, a`,
	deptCount:  `.a-color-secondary`,
}

// Result-count patterns. The total is the number right before the word
// "results" (EN/DE/FR/ES/IT) or before 件の結果 / 以上の結果 (JA, unverified
// wording, so the pattern does not depend on what follows).
var (
	resultTotalRe = regexp.MustCompile(`(?i)(\d[\d,. ]*?)\s*(以上|件)?\s*の?\s*(?:results?\b|ergebnisse|ergebnissen|résultats?|resultados?|risultati|結果)`)
	atLeastRe     = regexp.MustCompile(`(?i)\b(?:over|more than|mehr als|über|plus de|más de|oltre|più di)\s*$`)
	zeroResultsRe = regexp.MustCompile(`(?i)no results for|did not match any products|keine ergebnisse|aucun résultat|no hay resultados|nessun risultato|一致する商品はありませんでした|該当する商品はありません|結果はありません`)
	meArgRe       = regexp.MustCompile(`[?&;]me=(` + market.SellerIDChars + `)(?:[&#;]|$)`)
)

// Storefront reads the seller's storefront search /s?me=ID: the listing
// count ("over" → AtLeast). Zero results give Listings 0.
func Storefront(r io.Reader, pageURL string) (market.Storefront, error) {
	doc, _, err := open(r, pageURL, htmlindex.New)
	if err != nil {
		return market.Storefront{}, err
	}
	sf := market.Storefront{SellerID: validSellerID(queryParam(pageURL, "me"))}
	if sf.SellerID == "" {
		if v, ok := doc.Find(storefrontPage.sellerInput).First().Attr("value"); ok {
			sf.SellerID = validSellerID(v)
		}
	}
	if sf.SellerID == "" {
		for _, u := range append(pageLinks(doc), doc.Find(storefrontPage.sellerLink).First().AttrOr("href", "")) {
			if m := meArgRe.FindStringSubmatch(u); m != nil {
				sf.SellerID = m[1]
				break
			}
		}
	}
	sf.Categories = departments(doc)
	info := firstText(doc, maxText, storefrontPage.resultInfo...)
	if n, atLeast, ok := resultCount(info); ok {
		sf.Listings, sf.AtLeast = n, atLeast
		return sf, nil
	}
	results := doc.Find(storefrontPage.result).Length()
	noResults := zeroResultsRe.MatchString(text(doc.Find(storefrontPage.noResults)))
	if noResults && results == 0 {
		return sf, nil
	}
	return market.Storefront{}, market.Unreadable(market.NotStorefront, "no result count found")
}

// resultCount reads "1-16 of over 1,000 results", "12 results",
// "1,000以上の結果のうち1-16件", "234件の結果のうち1-16件".
func resultCount(s string) (n int, atLeast, ok bool) {
	s = pagetext.Fold(s)
	m := resultTotalRe.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, false, false
	}
	num := strings.TrimSpace(s[m[2]:m[3]])
	n, ok = pagetext.Atoi(num)
	if !ok {
		return 0, false, false
	}
	atLeast = m[4] >= 0 && s[m[4]:m[5]] == "以上" || atLeastRe.MatchString(s[:m[2]])
	return n, atLeast, true
}

var (
	// deptCountRe is a department's count: "(1,204)", "1.204".
	deptCountRe = regexp.MustCompile(`\(?\s*(\d[\d,. ]*)\s*\)?\s*$`)
	// allDepartmentsRe is the list's way back to every department, which
	// is not one of the seller's.
	allDepartmentsRe = regexp.MustCompile(`(?i)^(?:‹|<|«)|^(?:any|all) departments?$|^すべてのカテゴリー$|^alle kategorien$|^toutes nos catégories$|^todos los departamentos$|^tutte le categorie$|^todos os departamentos$|^所有类别$`)
)

// departments reads the storefront's departments with their counts where
// shown, largest first (page order among equals and where none is shown).
func departments(doc *htmlindex.Page) []market.CategoryCount {
	var out []market.CategoryCount
	doc.Find(storefrontPage.department).EachWithBreak(func(_ int, li *goquery.Selection) bool {
		name := firstText(li, maxName, storefrontPage.deptName)
		if name == "" {
			name = pagetext.Clean(pagetext.Raw(li), maxName)
		}
		countText := text(find(li, storefrontPage.deptCount).First())
		if countText == "" {
			countText = name
		}
		c := market.CategoryCount{}
		if m := deptCountRe.FindStringSubmatchIndex(pagetext.Fold(countText)); m != nil && strings.ContainsAny(countText, "()") {
			if n, ok := pagetext.Atoi(strings.TrimSpace(pagetext.Fold(countText)[m[2]:m[3]])); ok {
				c.Count = n
			}
			if countText == name {
				name = strings.TrimSpace(pagetext.Fold(name)[:m[0]])
			}
		}
		c.Name = name
		if c.Name != "" && !allDepartmentsRe.MatchString(c.Name) {
			out = append(out, c)
		}
		return len(out) < maxLines
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
