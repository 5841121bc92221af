// Package amazon reads Amazon pages — product pages (whole or as the
// fragments the extension sends), the all-offers panel, seller profiles and
// storefront searches — into the market types. It holds every CSS selector
// and every piece of per-marketplace wording; it does no I/O of its own.
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
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/mikiwame/mikiwame/internal/market"
)

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

// parse reads r into a document. Empty input or input with no visible
// content is an EmptyPage error.
func parse(r io.Reader) (*page, error) {
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
		return nil, market.Unreadable(market.UnknownLayout, "cannot parse the page: "+clean(err.Error(), maxText))
	}
	// An element mostly has an opening and a closing tag.
	doc := newPage(goquery.NewDocumentFromNode(node), bytes.Count(b, []byte("<"))/2+8)
	if !hasBodyElement(doc) && text(doc.Find("body")) == "" && text(doc.Find("title")) == "" {
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
func hasBodyElement(p *page) bool {
	for _, pos := range p.positions(nil, p.tags, "body") {
		body := p.elems[pos]
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
func open(r io.Reader, pageURL string) (*page, market.Marketplace, error) {
	doc, err := parse(r)
	if err != nil {
		return nil, "", err
	}
	if err := blocked(doc); err != nil {
		return nil, "", err
	}
	m, err := marketplace(doc, pageURL)
	if err != nil {
		return nil, "", err
	}
	return doc, m, nil
}

// marketplace resolves the marketplace from pageURL, or, when pageURL is
// empty (a fragment), from the canonical or og:url link in the page.
func marketplace(doc *page, pageURL string) (market.Marketplace, error) {
	if strings.TrimSpace(pageURL) != "" {
		if m, ok := marketFromURL(pageURL); ok {
			return m, nil
		}
		return "", market.Unreadable(market.UnknownMarket, "not an Amazon marketplace we know: "+clean(hostOf(pageURL), maxText))
	}
	for _, u := range pageLinks(doc) {
		if m, ok := marketFromURL(u); ok {
			return m, nil
		}
	}
	return "", market.Unreadable(market.UnknownMarket, "no page URL and no canonical link")
}

// pageLinks are the page's own URLs as it states them.
func pageLinks(doc *page) []string {
	var out []string
	if v, ok := doc.Find(`link[rel="canonical"]`).First().Attr("href"); ok {
		out = append(out, v)
	}
	if v, ok := doc.Find(`meta[property="og:url"]`).First().Attr("content"); ok {
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
	asinPathRe  = regexp.MustCompile(`/(?:dp|gp/product|gp/offer-listing|gp/aw/d)/(` + market.ASINChars + `)(?:[/?#]|$)`)
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

// blockTags get a space around their text, so words of adjacent blocks do
// not run together ("In Stock.Ships from…").
var blockTags = map[string]bool{
	"br": true, "div": true, "p": true, "li": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true,
	"ol": true, "table": true, "section": true, "form": true, "dt": true, "dd": true,
}

// skipTags hold no visible text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "select": true}

// rawText is the visible text of s, block boundaries as spaces, without
// cleaning. It walks the tree without recursion: hostile pages nest deeply.
func rawText(s *goquery.Selection) string {
	var b strings.Builder
	for _, root := range s.Nodes {
		n := root
		for n != nil {
			descend := true
			switch n.Type {
			case html.TextNode:
				b.WriteString(n.Data)
			case html.ElementNode:
				if skipTags[n.Data] {
					descend = false
				} else if blockTags[n.Data] {
					b.WriteByte(' ')
				}
			case html.CommentNode:
				descend = false
			}
			if descend && n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			for n != root && n.NextSibling == nil {
				n = n.Parent
				if n.Type == html.ElementNode && blockTags[n.Data] {
					b.WriteByte(' ')
				}
			}
			if n == root {
				break
			}
			n = n.NextSibling
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// text is the cleaned visible text of s, capped at maxBlockText runes.
func text(s *goquery.Selection) string { return clean(rawText(s), maxBlockText) }

// clean makes a page string safe to show and compare: valid UTF-8, no
// control or bidi/format characters, whitespace collapsed, at most max runes.
func clean(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(min(len(s), max*4))
	space, n := false, 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && r > ' ' && r != 0x7f:
			// Printable ASCII, most of any page: no lookups.
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == '\uFFFE', r == '\uFFFF':
			continue
		}
		if space && b.Len() > 0 {
			if n >= max {
				break
			}
			b.WriteByte(' ')
			n++
		}
		space = false
		if n >= max {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// finder is where a reader looks for elements: a whole page (through its
// index) or a part of one.
type finder interface {
	FindMatcher(goquery.Matcher) *goquery.Selection
}

// foldLits finds literals in any case, as regexp finds the pattern
// (?i)lits[0]|lits[1]|…, but a few times faster in wasm.
type foldLits struct {
	lits  []string
	first [256]bool // the first bytes of a match
}

func newFoldLits(lits ...string) *foldLits {
	f := &foldLits{lits: lits}
	for _, lit := range lits {
		l, _ := utf8.DecodeRuneInString(lit)
		for r := l; ; {
			f.first[utf8.AppendRune(nil, r)[0]] = true
			if r = unicode.SimpleFold(r); r == l {
				break
			}
		}
	}
	return f
}

// index is the regexp's FindStringIndex: the leftmost match, by the first
// literal that matches there, runes equal under simple case folding.
func (f *foldLits) index(s string) []int {
	for i := 0; i < len(s); {
		if f.first[s[i]] {
			for _, lit := range f.lits {
				if n := foldPrefix(s[i:], lit); n >= 0 {
					return []int{i, i + n}
				}
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return nil
}

// foldPrefix is the length of the start of s that equals lit under simple
// case folding, or -1.
func foldPrefix(s, lit string) int {
	n := 0
	for _, l := range lit {
		if n >= len(s) {
			return -1
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if r != l && !sameFold(r, l) {
			return -1
		}
		n += size
	}
	return n
}

// sameFold reports whether r is in l's simple case folding orbit.
func sameFold(r, l rune) bool {
	if r < utf8.RuneSelf && l < utf8.RuneSelf {
		// The ASCII members of an ASCII letter's orbit are its two cases.
		lower := l | 0x20
		return r|0x20 == lower && lower >= 'a' && lower <= 'z'
	}
	for f := unicode.SimpleFold(l); f != l; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}

// firstText is the cleaned text of the first selector that has any.
func firstText(doc finder, max int, selectors ...string) string {
	for _, sel := range selectors {
		found := ""
		doc.FindMatcher(q(sel)).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			found = clean(rawText(s), max)
			return found == ""
		})
		if found != "" {
			return found
		}
	}
	return ""
}

// fold maps full-width digits and punctuation to ASCII so one set of
// number patterns reads "１，２３４" and "1,234" alike.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '，':
			return ','
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		case r == '（':
			return '('
		case r == '）':
			return ')'
		case r == '－', r == '‐', r == '−':
			return '-'
		case r == '\u00a0', r == '\u202f', r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// atoi parses digits with thousands separators ("31,483", "1.000",
// "1 000"); ok is false for anything else or for absurd sizes.
func atoi(s string) (int, bool) {
	n, digits := 0, 0
	for _, r := range fold(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
			if digits > 9 {
				return 0, false
			}
			n = n*10 + int(r-'0')
		case r == ',' || r == '.' || r == ' ' || r == '\'':
		default:
			return 0, false
		}
	}
	return n, digits > 0
}

func intPtr(n int) *int { return &n }

// amazonNameRe matches the names Amazon sells under on its marketplaces.
var amazonNameRe = regexp.MustCompile(`(?i)^amazon(?:\.(?:com|co\.jp|co\.uk|de|fr|es|it|ca|com\.au|nl))?(?:\s+(?:services|export|eu|us|japan|retail)\b.*)?\.?$`)

// isAmazonName reports whether a seller name is Amazon itself.
func isAmazonName(name string) bool { return amazonNameRe.MatchString(strings.TrimSpace(name)) }
