// Package amazon reads Amazon pages — product pages (whole or as the
// fragments the extension sends), the all-offers panel, seller profiles and
// storefront searches — into the market types. It holds the selectors of
// the pages it reads, each page kind's in a table at the top of its file,
// and their per-marketplace wording; it does no I/O of its own. (The
// extension's content scripts keep the few selectors that place the badge.)
//
// Pages are written partly by possible fraudsters (seller names, about
// texts), so every string is cleaned and capped, and a page that cannot be
// read gives a *market.UnreadableError, never a value with zeros in it.
package amazon

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// anyPage is where every page, and a fragment, states what it is.
var anyPage = struct {
	canonical, ogURL string // the page's own URL: link[rel=canonical], og:url
	title, body      string
}{
	canonical: `link[rel="canonical"]`,
	ogURL:     `meta[property="og:url"]`,
	title:     `title`,
	body:      `body`,
}

// maxInput bounds how much of a page is read: real product pages are under
// 2 MB, and parsing cost grows with size.
const maxInput = 6 << 20

// Caps on strings that come from the page.
const (
	maxName      = 200
	maxTitle     = 500
	maxAbout     = 2000
	maxLine      = 200
	maxLines     = 20
	maxText      = 300
	maxURL       = 2048
	maxBlockText = 4000
)

// pageIndex builds the page readers search from a document and about how
// many elements it has: htmlindex.New, or for a benchmark's yardstick a
// page searched as plain goquery searches.
type pageIndex func(doc *goquery.Document, size int) *htmlindex.Page

// parse reads r into a document searched through index. Empty input or
// input with no visible content is an EmptyPage error.
func parse(r io.Reader, index pageIndex) (*htmlindex.Page, error) {
	if r == nil {
		return nil, market.Unreadable(market.EmptyPage, "no input")
	}
	b, err := readAll(r, maxInput+1)
	if err != nil {
		return nil, fmt.Errorf("read page: %w", err)
	}
	if len(b) > maxInput {
		return nil, market.Unreadable(market.UnknownLayout, fmt.Sprintf("page is larger than %d bytes", maxInput))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, market.Unreadable(market.EmptyPage, "input is empty")
	}
	node, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		// The parser gives up on pathological nesting (over 512 open elements).
		return nil, market.Unreadable(market.UnknownLayout, "cannot parse the page: "+pagetext.Clean(err.Error(), maxText))
	}
	// An element mostly has an opening and a closing tag.
	doc := index(goquery.NewDocumentFromNode(node), bytes.Count(b, []byte("<"))/2+8)
	if !hasBodyElement(doc) && text(doc.Find(anyPage.body)) == "" && text(doc.Find(anyPage.title)) == "" {
		return nil, market.Unreadable(market.EmptyPage, "input has no HTML content")
	}
	return doc, nil
}

// readAll reads up to limit bytes of r, in one buffer of the right size
// when r knows its length (the extension's strings do).
func readAll(r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok {
		buf.Grow(int(min(int64(l.Len()), limit)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit))
	return buf.Bytes(), err
}

// hasBodyElement reports whether "body *" matches anything: whether an
// element lies inside a body element.
func hasBodyElement(p *htmlindex.Page) bool {
	for _, body := range p.Find(anyPage.body).Nodes {
		for n := body.FirstChild; n != nil; {
			if n.Type == html.ElementNode {
				return true
			}
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			for n != body && n.NextSibling == nil {
				n = n.Parent
			}
			if n == body {
				break
			}
			n = n.NextSibling
		}
	}
	return false
}

// open parses a page, turns Amazon's robot-check, 404 and error pages into
// their typed errors, and resolves the marketplace.
func open(r io.Reader, pageURL string, index pageIndex) (*htmlindex.Page, market.Marketplace, error) {
	doc, err := parse(r, index)
	if err != nil {
		return nil, "", err
	}
	if err := blocked(doc); err != nil {
		return nil, "", err
	}
	if u := parseURL(pageURL); u != nil && strings.HasPrefix(u.Path, "/ap/signin") {
		return nil, "", market.Unreadable(market.SignInPage, "the page is Amazon's sign-in page")
	}
	m, err := marketplace(doc, pageURL)
	if err != nil {
		return nil, "", err
	}
	return doc, m, nil
}

// marketplace resolves the marketplace from pageURL, or, when pageURL is
// empty (a fragment), from the canonical or og:url link in the page.
func marketplace(doc *htmlindex.Page, pageURL string) (market.Marketplace, error) {
	if strings.TrimSpace(pageURL) != "" {
		if m, ok := marketFromURL(pageURL); ok {
			return m, nil
		}
		return "", market.Unreadable(market.UnknownMarket, "not an Amazon marketplace we know: "+pagetext.Clean(hostOf(pageURL), maxText))
	}
	for _, u := range pageLinks(doc) {
		if m, ok := marketFromURL(u); ok {
			return m, nil
		}
	}
	return "", market.Unreadable(market.UnknownMarket, "no page URL and no canonical link")
}

// pageLinks are the page's own URLs as it states them.
func pageLinks(doc *htmlindex.Page) []string {
	var out []string
	if v, ok := doc.Find(anyPage.canonical).First().Attr("href"); ok {
		out = append(out, v)
	}
	if v, ok := doc.Find(anyPage.ogURL).First().Attr("content"); ok {
		out = append(out, v)
	}
	return out
}

func parseURL(raw string) *url.URL {
	raw = strings.TrimSpace(raw)
	if len(raw) > maxURL {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if u.Host == "" && u.Scheme == "" && !strings.HasPrefix(raw, "/") {
		// "www.amazon.co.jp/dp/…" without a scheme.
		if u2, err := url.Parse("https://" + raw); err == nil {
			return u2
		}
	}
	return u
}

func hostOf(raw string) string {
	if u := parseURL(raw); u != nil && u.Host != "" {
		return u.Host
	}
	return raw
}

func marketFromURL(raw string) (market.Marketplace, bool) {
	u := parseURL(raw)
	if u == nil || u.Host == "" {
		return "", false
	}
	return market.MarketplaceFromHost(u.Host)
}

// queryParam returns the value of key in raw's query, or "".
func queryParam(raw, key string) string {
	u := parseURL(raw)
	if u == nil {
		return ""
	}
	return u.Query().Get(key)
}

var (
	sellerArgRe = regexp.MustCompile(`[?&;]seller=(` + market.SellerIDChars + `)(?:[&#;]|$)`)
)

// sellerIDFromHref finds seller=ID in a link.
func sellerIDFromHref(href string) string {
	if m := sellerArgRe.FindStringSubmatch(href); m != nil {
		return m[1]
	}
	return ""
}

func validSellerID(id string) string {
	id = strings.TrimSpace(id)
	if market.ValidSellerID(id) {
		return id
	}
	return ""
}

// find is s.Find(src) with src compiled once.
func find(s finder, src string) *goquery.Selection {
	return s.FindMatcher(htmlindex.Compile(src))
}

// text is the cleaned visible text of s, capped at maxBlockText runes.
func text(s *goquery.Selection) string { return pagetext.Clean(pagetext.Raw(s), maxBlockText) }

// finder is where a reader looks for elements: a whole page (through its
// index) or a part of one.
type finder interface {
	FindMatcher(goquery.Matcher) *goquery.Selection
}

// firstText is the cleaned text of the first selector that has any.
func firstText(doc finder, max int, selectors ...string) string {
	for _, sel := range selectors {
		found := ""
		doc.FindMatcher(htmlindex.Compile(sel)).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			found = pagetext.Clean(pagetext.Raw(s), max)
			return found == ""
		})
		if found != "" {
			return found
		}
	}
	return ""
}

func intPtr(n int) *int { return &n }

// amazonNameRe matches the names Amazon sells under on its marketplaces:
// the retail names, Amazon's legal entities (Amazon EU S.à r.l., Amazon
// Services Europe, Amazon.com Services LLC, Amazon Export Sales LLC,
// Amazon Japan G.K.), Amazon selling from another marketplace (Amazon US,
// Amazon.co.uk) and its returns outlets (Amazon Warehouse, Amazon Resale,
// Warehouse Deals, Amazonアウトレット). Nothing else: "Amazon Japan Store"
// is a name a third party chose. Names count only where no seller ID is shown.
var amazonNameRe = regexp.MustCompile(`(?i)^(?:amazon(?:\.(?:com|co\.jp|co\.uk|de|fr|es|it|ca|com\.au|nl))?` +
	`(?:\s*,?\s*(?:services(?:,?\s+(?:llc|inc\.?|europe(?:\s+s\.?\s*(?:à|a)\.?\s*r\.?\s*l\.?)?))?|export(?:\s+sales)?(?:\s+llc)?|eu(?:\s+s\.?\s*(?:à|a)\.?\s*r\.?\s*l\.?)?|us|uk|japan(?:\s+g\.?\s*k\.?)?|retail|warehouse(?:\s+deals)?|resale|\s*アウトレット))?` +
	`|warehouse deals|アマゾン\s*アウトレット|amazon\s*アウトレット)\.?$`)

// isAmazonName reports whether a seller name is Amazon itself.
func isAmazonName(name string) bool { return amazonNameRe.MatchString(strings.TrimSpace(name)) }
