package amazon

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// FragmentSelectors are the CSS selectors whose outerHTML the extension's
// content script sends instead of the whole 1.5 MB page: buy-box layouts,
// price block, list price, delivery, title, ASIN inputs, the all-offers
// panel, and the markers of captcha / 404 / error pages. The content script
// takes every element matching any of them, in document order, skipping an
// element that lies inside one already taken, strips each copy (see
// FragmentDropTags and FragmentAttrs) and wraps them as
//
//	<html><head><title>{document.title}</title></head><body>{outerHTML…}</body></html>
//
// Product gives the same Listing for that fragment as for the whole page;
// Fragment builds it in Go.
var FragmentSelectors = []string{
	// Identity.
	`link[rel="canonical"]`,
	`meta[property="og:url"]`,
	`#productTitle`,
	`input#ASIN`,
	`input[name="ASIN"]`,
	// Buy box, every layout, and the add-to-cart form's merchant.
	`#desktop_buybox`,
	`#buybox`,
	`#desktop_qualifiedBuyBox`,
	`#tabular-buybox`,
	`#merchant-info`,
	`#merchantInfoFeature_feature_div`,
	`#fulfillerInfoFeature_feature_div`,
	`[offer-display-feature-name]`,
	`input#merchantID`,
	`#sellerProfileTriggerId`,
	// Price block, list price, delivery, availability.
	`#price`,
	`#corePrice_feature_div`,
	`#corePriceDisplay_desktop_feature_div`,
	`#apex_desktop`,
	`#availability`,
	`#deliveryBlockMessage`,
	`#ddmDeliveryMessage`,
	`#delivery-message`,
	`#olp_feature_div`,
	// The 2019 media accordion, the used buy box and the offers beyond
	// the buy box ("39 used & new from …", "See All Buying Options").
	`#mediaNoAccordion`,
	`#newOfferAccordionRow`,
	`#unqualifiedBuyBox`,
	`#olpLinkWidget_feature_div`,
	`#moreBuyingChoices_feature_div`,
	`#mbc`,
	`#buybox-see-all-buying-choices`,
	`#aod-ingress-link`,
	`[id^="olp-upd"]`,
	`.olp-text-box`,
	`input#usedMerchantID`,
	// Formats: digital swatches and media tabs, and digital-only blocks.
	`#tmmSwatches`,
	`#mediaTabs_tabSet`,
	`#ebooksProductTitle`,
	`#kindle-price`,
	`#kindle_meta_binding_winner`,
	`#digital-button`,
	`#dmusic_buybox_container`,
	`#dmusicBuyBox_feature_div`,
	`#mas-buybox`,
	`#masrw-buy-box`,
	`#dv-action-box`,
	`#dv-dp-main`,
	// The listing's own texts: bullets, byline, category path.
	`#feature-bullets`,
	`#bylineInfo`,
	`#wayfinding-breadcrumbs_feature_div`,
	// The all-offers panel, when open.
	`#all-offers-display`,
	`#aod-container`,
	// Pages that are not the product: robot check, 404, error.
	`form[action*="validateCaptcha"]`,
	`#captchacharacters`,
	`input[name="amzn-captcha-verify"]`,
	`a[href*="cs_404"]`,
	`img[alt*="Dogs of Amazon"]`,
	`img[src*="/error-pages/404"]`,
	`a[href*="cs_503"]`,
	`img[alt*="Something went wrong"]`,
	`form[name="signIn"]`,
	`form[action*="/ap/signin"]`,
	`#ap_email`,
	`#ap_password`,
	`#ap_login_form`,
}

// FragmentDropTags are the elements left out of a fragment, with all they
// hold: the readers never see their text (pagetext.Raw skips script, style,
// noscript, template and select) or read nothing from them (svg icons,
// iframes). Scripts alone are about half of a buy box's bytes.
var FragmentDropTags = []string{"script", "style", "noscript", "template", "select", "svg", "iframe"}

// FragmentAttrs are the only attributes a fragment keeps: those some
// selector or Attr call in this package reads, plus type, which decides
// where the HTML parser puts an input inside a table. Everything else —
// style, data-a-dynamic-image, srcset, aria-*, tracking data-* — is bulk.
// A test fails when the package reads an attribute missing here.
var FragmentAttrs = []string{
	"id", "class", "name", "value", "type", "href", "action", "rel", "property", "content", "alt", "src",
	"data-a-strike", "data-csa-c-delivery-price", "data-csa-c-delivery-time", "data-component-type",
	"offer-display-feature-name", "lang",
}

var (
	fragmentDrop  = setOf(FragmentDropTags)
	fragmentAttrs = setOf(FragmentAttrs)
)

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// Fragment builds from a whole product page the fragment the extension's
// content script sends for it: the matches of FragmentSelectors, outermost
// only, in document order, each stripped of FragmentDropTags, comments and
// attributes not in FragmentAttrs, runs of ASCII whitespace in text made
// one space, wrapped in a document with the page's title.
func Fragment(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("fragment: no input")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("fragment: read page: %w", err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("fragment: page is larger than %d bytes", maxInput)
	}
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("fragment: parse page: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	var out bytes.Buffer
	out.WriteString("<html><head><title>")
	// document.title: the first title's text, ASCII whitespace collapsed.
	out.WriteString(html.EscapeString(strings.Join(strings.FieldsFunc(doc.Find(anyPage.title).First().Text(), isASCIISpace), " ")))
	out.WriteString("</title></head><body>")
	taken := map[*html.Node]bool{}
	for _, n := range doc.Find(strings.Join(FragmentSelectors, ", ")).Nodes {
		inside := false
		for p := n.Parent; p != nil && !inside; p = p.Parent {
			inside = taken[p]
		}
		if inside {
			continue
		}
		taken[n] = true
		if err := html.Render(&out, stripped(n)); err != nil {
			return nil, fmt.Errorf("fragment: render: %w", err)
		}
	}
	out.WriteString("</body></html>")
	return out.Bytes(), nil
}

// stripped is a deep copy of n without what a fragment leaves out. The
// parser nests at most 512 elements, which bounds the recursion.
func stripped(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	switch n.Type {
	case html.TextNode:
		c.Data = collapseSpace(n.Data)
	case html.ElementNode:
		for _, a := range n.Attr {
			if a.Namespace == "" && fragmentAttrs[a.Key] {
				c.Attr = append(c.Attr, a)
			}
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.CommentNode || k.Type == html.ElementNode && fragmentDrop[k.Data] {
			continue
		}
		c.AppendChild(stripped(k))
	}
	return c
}

func isASCIISpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// collapseSpace makes every run of ASCII whitespace one space; the readers
// clean text the same way, and indentation is a good share of the bytes.
func collapseSpace(s string) string {
	if strings.IndexFunc(s, isASCIISpace) < 0 {
		return s
	}
	// Byte by byte: ASCII bytes never occur inside a multi-byte rune, and
	// invalid UTF-8 passes through untouched.
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIISpace(rune(c)) {
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}
