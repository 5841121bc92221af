// Package htmlindex finds elements in a parsed HTML document as goquery
// does, with the same nodes in the same order, but faster for many small
// selectors on one page.
//
// Selector matching was most of the time of a warm check in wasm: goquery
// compiles a string selector on every call and walks the whole document
// for every Find. Here each selector is compiled once, and a Page keeps an
// index of its elements by id, class and tag (and, on demand, attribute),
// with where each element's descendants end, so a Find on the page tests
// only the elements that can match: those carrying the id, class, tag or
// attribute of each selector's last compound, inside the element whose id
// an earlier compound names. The index only narrows the candidates;
// cascadia still decides, so the matches are exactly goquery's, in the
// same document order (TestIndexedFindMatchesGoquery).
package htmlindex

import (
	"slices"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Selector is a compiled selector group. It is a goquery.Matcher.
type Selector struct {
	src  string
	sel  cascadia.Selector
	keys []key // one per selector of the group; nil when one has none
}

func (s *Selector) Match(n *html.Node) bool                { return s.sel.Match(n) }
func (s *Selector) MatchAll(n *html.Node) []*html.Node     { return s.sel.MatchAll(n) }
func (s *Selector) Filter(nodes []*html.Node) []*html.Node { return s.sel.Filter(nodes) }

// key is what every element a selector matches carries: an id, a class,
// a tag name, an attribute, or an ancestor's id.
type key struct {
	kind byte // '#', '.', 't' (tag), '@' (attribute), or 'a' for the anchor alone
	name string
	// anchor is the id of an element every match lies inside, or "".
	anchor string
}

var compiled sync.Map // selector string → *Selector

// Compile is the compiled form of src. Compiled forms are kept for good,
// so src should be a literal of the program, not text from a page. A
// selector cascadia cannot parse matches nothing, as it does in goquery.
func Compile(src string) *Selector {
	if c, ok := compiled.Load(src); ok {
		return c.(*Selector)
	}
	c := &Selector{src: src, sel: func(*html.Node) bool { return false }}
	if g, err := cascadia.ParseGroup(src); err == nil {
		c.sel = cascadia.Selector(g.Match)
		if c.keys = keysOf(src); len(c.keys) != len(g) {
			c.keys = nil // the split disagrees with cascadia's: search everything
		}
	}
	actual, _ := compiled.LoadOrStore(src, c)
	return actual.(*Selector)
}

// keysOf returns the key of each comma-separated selector in src, or nil
// if one has none (only id or class attributes, *, or escapes).
func keysOf(src string) []key {
	if strings.ContainsAny(src, `\`) {
		return nil
	}
	var keys []key
	for _, part := range strings.Split(topLevel(src), ",") {
		k, ok := lastKey(part)
		if !ok {
			return nil
		}
		keys = append(keys, k)
	}
	return keys
}

// topLevel is sel with its quoted, bracketed and parenthesised parts
// blanked out with zero bytes, which no name or combinator contains, but
// for the "[name" that opens an attribute selector.
func topLevel(sel string) string {
	b := []byte(sel)
	depth, quote, attr := 0, byte(0), false
	for i, c := range b {
		if attr && isNameByte(c) {
			continue // the attribute's name
		}
		attr = false
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' && depth == 0:
			depth++
			attr = true
			continue
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		default:
			if depth == 0 {
				continue
			}
		}
		b[i] = 0
	}
	return string(b)
}

// lastKey is the key of a selector (blanked by topLevel): the id, else
// the first class, else the tag, else an attribute of its last compound,
// with the id of a compound it must lie inside, its anchor, if any.
func lastKey(sel string) (key, bool) {
	compounds, combinators := splitCompounds(sel)
	if len(compounds) == 0 {
		return key{}, false
	}
	var k key
	for i := len(compounds) - 2; i >= 0; i-- {
		if combinators[i] != ' ' && combinators[i] != '>' {
			break // a sibling is no ancestor
		}
		if id, _, _, _ := compoundKeys(compounds[i]); id != "" {
			k.anchor = id
			break
		}
	}
	id, class, tag, attr := compoundKeys(compounds[len(compounds)-1])
	switch {
	case id != "":
		k.kind, k.name = '#', id
	case class != "":
		k.kind, k.name = '.', class
	case tag != "":
		k.kind, k.name = 't', strings.ToLower(tag)
	case attr != "":
		k.kind, k.name = '@', strings.ToLower(attr)
	case k.anchor != "":
		k.kind = 'a'
	default:
		return key{}, false
	}
	return k, true
}

// splitCompounds splits a selector into its compounds and the combinators
// between them (' ', '>', '+' or '~').
func splitCompounds(sel string) (compounds []string, combinators []byte) {
	comb := byte(0)
	for i := 0; i < len(sel); {
		c := sel[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '>' || c == '+' || c == '~' {
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
				comb = c
			} else if comb == 0 {
				comb = ' '
			}
			i++
			continue
		}
		j := i
		for j < len(sel) && !strings.ContainsRune(" \t\n\r\f>+~", rune(sel[j])) {
			j++
		}
		if len(compounds) > 0 {
			combinators = append(combinators, comb)
		}
		compounds = append(compounds, sel[i:j])
		comb = 0
		i = j
	}
	return compounds, combinators
}

// compoundKeys are the id, the first class, the tag and the first
// attribute but id and class of a compound.
func compoundKeys(t string) (id, class, tag, attr string) {
	name := func(at int) string {
		end := at
		for end < len(t) && isNameByte(t[end]) {
			end++
		}
		return t[at:end]
	}
	if t != "" && isNameByte(t[0]) && t[0] != '-' {
		tag = name(0)
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '#':
			if id == "" {
				id = name(i + 1)
			}
		case '.':
			if class == "" {
				class = name(i + 1)
			}
		case '[':
			if a := strings.ToLower(name(i + 1)); attr == "" && a != "id" && a != "class" {
				attr = a
			}
		case ':':
			// A pseudo-class name is no class or tag.
			for i+1 < len(t) && (isNameByte(t[i+1]) || t[i+1] == ':') {
				i++
			}
		}
	}
	return id, class, tag, attr
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

// Page is a parsed document with an index of its elements.
type Page struct {
	*goquery.Document
	plain bool         // no index: search as goquery does
	elems []*html.Node // every element, in document order
	ends  []int32      // elems[i]'s descendants are elems[i+1:ends[i]]
	// The elements with an id, a class, a tag: chains of positions in
	// elems, in document order, all kept in links so that indexing
	// allocates little.
	ids, classes, tags map[string]int32 // → chains
	chains             []chain
	attrs              map[string][]int32 // by name, listed when first asked for
	links              []link
	cand               []int32 // scratch for matches
	none               *goquery.Selection
}

// chain is the first and last of its links.
type chain struct{ first, last int32 }

// link is one position of a chain; next is -1 at the end.
type link struct{ pos, next int32 }

// New indexes doc, which has about size elements (a guess is fine).
func New(doc *goquery.Document, size int) *Page {
	size = min(size, 1<<16) // a first guess, not a limit
	p := &Page{
		Document: doc,
		elems:    make([]*html.Node, 0, size),
		ends:     make([]int32, 0, size),
		ids:      make(map[string]int32, size/2),
		classes:  make(map[string]int32, size/3),
		tags:     make(map[string]int32, 32),
		chains:   make([]chain, 0, size),
		links:    make([]link, 0, 4*size),
		none:     doc.Selection.Eq(len(doc.Nodes)), // empty, of this document
	}
	// Iterative: hostile pages nest deeply. open holds the positions of
	// the elements being walked, to note where each one ends.
	var open []int32
	for n := doc.Nodes[0]; n != nil; {
		if n.Type == html.ElementNode {
			pos := int32(len(p.elems))
			p.elems = append(p.elems, n)
			p.ends = append(p.ends, 0)
			open = append(open, pos)
			p.add(p.tags, n.Data, pos)
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					p.add(p.ids, a.Val, pos)
				case "class":
					p.addClasses(a.Val, pos)
				}
			}
		}
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		// Leave n, and every ancestor whose last child it is.
		for n != nil {
			if n.Type == html.ElementNode {
				p.ends[open[len(open)-1]] = int32(len(p.elems))
				open = open[:len(open)-1]
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
	return p
}

// add appends pos to the chain of k in m.
func (p *Page) add(m map[string]int32, k string, pos int32) {
	i := int32(len(p.links))
	p.links = append(p.links, link{pos, -1})
	if ci, ok := m[k]; ok {
		c := &p.chains[ci]
		p.links[c.last].next = i
		c.last = i
	} else {
		m[k] = int32(len(p.chains))
		p.chains = append(p.chains, chain{i, i})
	}
}

// positions appends to dst the positions chained under k in m.
func (p *Page) positions(dst []int32, m map[string]int32, k string) []int32 {
	ci, ok := m[k]
	if !ok {
		return dst
	}
	for i := p.chains[ci].first; i >= 0; i = p.links[i].next {
		dst = append(dst, p.links[i].pos)
	}
	return dst
}

// withAttr appends to dst the positions of the elements with the
// attribute name. Few selectors ask, so the list is made on demand.
func (p *Page) withAttr(dst []int32, name string) []int32 {
	list, ok := p.attrs[name]
	if !ok {
		for pos, n := range p.elems {
			for _, a := range n.Attr {
				if a.Key == name {
					list = append(list, int32(pos))
					break
				}
			}
		}
		if p.attrs == nil {
			p.attrs = map[string][]int32{}
		}
		p.attrs[name] = list
	}
	return append(dst, list...)
}

// inside keeps, in place, the positions of elements inside an element
// with the given id.
func (p *Page) inside(positions []int32, id string) []int32 {
	anchors := p.positions(nil, p.ids, id)
	out := positions[:0]
	for _, pos := range positions {
		for _, a := range anchors {
			if a < pos && pos < p.ends[a] {
				out = append(out, pos)
				break
			}
		}
	}
	return out
}

// addClasses lists the element at pos under each class in the attribute
// value v, split as cascadia splits it for a class selector.
func (p *Page) addClasses(v string, pos int32) {
	for v != "" {
		i := strings.IndexAny(v, " \t\r\n\f")
		if i < 0 {
			i = len(v)
		}
		if i > 0 {
			p.add(p.classes, v[:i], pos)
		}
		v = v[min(i+1, len(v)):]
	}
}

// Unindexed is a Page without an index, whose Find is goquery's: it
// compiles the selector on every call and walks the whole document. It is
// the yardstick the index is measured against.
func Unindexed(doc *goquery.Document) *Page {
	return &Page{Document: doc, plain: true, none: doc.Selection.Eq(len(doc.Nodes))}
}

// Find is Document.Find, through the index.
func (p *Page) Find(src string) *goquery.Selection { return p.FindMatcher(Compile(src)) }

// FindMatcher is Document.FindMatcher, through the index for a Selector.
func (p *Page) FindMatcher(m goquery.Matcher) *goquery.Selection {
	c, ok := m.(*Selector)
	switch {
	case !ok:
		return p.Document.FindMatcher(m)
	case p.plain:
		return p.Document.Find(c.src)
	}
	s := *p.none
	s.Nodes = p.matches(c)
	return &s
}

// Empty is an empty selection of the page's document.
func (p *Page) Empty() *goquery.Selection {
	s := *p.none
	return &s
}

// matches are the elements c matches, in document order.
func (p *Page) matches(c *Selector) []*html.Node {
	var out []*html.Node
	test := func(n *html.Node) {
		if c.sel.Match(n) {
			out = append(out, n)
		}
	}
	if c.keys == nil {
		for _, n := range p.elems {
			test(n)
		}
		return out
	}
	// Chains are in document order; a union of them, or of nested
	// anchors' descendants, must be sorted again.
	cand := p.cand[:0]
	sorted := len(c.keys) == 1
	for _, k := range c.keys {
		start := len(cand)
		switch k.kind {
		case '#':
			cand = p.positions(cand, p.ids, k.name)
		case '.':
			cand = p.positions(cand, p.classes, k.name)
		case 't':
			cand = p.positions(cand, p.tags, k.name)
		case '@':
			cand = p.withAttr(cand, k.name)
		case 'a':
			anchors := p.positions(nil, p.ids, k.anchor)
			sorted = sorted && len(anchors) <= 1
			for _, pos := range anchors {
				for d := pos + 1; d < p.ends[pos]; d++ {
					cand = append(cand, d)
				}
			}
			continue
		}
		if k.anchor != "" {
			cand = append(cand[:start], p.inside(cand[start:], k.anchor)...)
		}
	}
	p.cand = cand
	if !sorted {
		slices.Sort(cand)
	}
	last := int32(-1)
	for _, pos := range cand {
		// An element is listed twice under class="a a" or two id attributes.
		if pos != last {
			test(p.elems[pos])
		}
		last = pos
	}
	return out
}
