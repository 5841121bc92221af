// Package pagetext turns the text of HTML pages into strings that are safe
// to show and compare, and reads the numbers and labels in it: visible text
// with block boundaries as spaces, cleaned and capped; full-width digits
// folded to ASCII; counts with thousands separators; literals found in any
// case.
//
// Page text is written partly by possible fraudsters, so nothing here
// recurses over the tree (hostile pages nest deeply) and every string
// that leaves is valid UTF-8 without control or bidi characters.
package pagetext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// blockTags get a space around their text, so words of adjacent blocks do
// not run together ("In Stock.Ships from…").
var blockTags = map[string]bool{
	"br": true, "div": true, "p": true, "li": true, "tr": true, "td": true, "th": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true,
	"ol": true, "table": true, "section": true, "form": true, "dt": true, "dd": true,
}

// skipTags hold no visible text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "select": true}

// Raw is the visible text of s, block boundaries as spaces, without
// cleaning. The text of script, style, noscript, template and select
// elements and of comments is left out.
func Raw(s *goquery.Selection) string {
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

// Inside reports whether n lies inside outer with its text part of
// outer's text: no element whose text Raw leaves out stands between them.
func Inside(n, outer *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == outer {
			return true
		}
		if p.Type == html.ElementNode && skipTags[p.Data] {
			return false
		}
	}
	return false
}

// Clean makes a page string safe to show and compare: valid UTF-8, no
// control or bidi/format characters, whitespace collapsed, at most max runes.
func Clean(s string, max int) string {
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

// Fold maps full-width digits and punctuation to ASCII so one set of
// number patterns reads "１，２３４" and "1,234" alike.
func Fold(s string) string {
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

// Atoi parses digits with thousands separators ("31,483", "1.000",
// "1 000"); ok is false for anything else or for absurd sizes.
func Atoi(s string) (int, bool) {
	n, digits := 0, 0
	for _, r := range Fold(s) {
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

// FoldMatcher finds literals in any case, as regexp finds the pattern
// (?i)lits[0]|lits[1]|…, but a few times faster in wasm.
type FoldMatcher struct {
	lits  []string
	first [256]bool // the first bytes of a match
}

// NewFoldMatcher is a FoldMatcher for lits, tried in this order.
func NewFoldMatcher(lits ...string) *FoldMatcher {
	f := &FoldMatcher{lits: lits}
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

// Index is the regexp's FindStringIndex: the leftmost match, by the first
// literal that matches there, runes equal under simple case folding.
func (f *FoldMatcher) Index(s string) []int {
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
