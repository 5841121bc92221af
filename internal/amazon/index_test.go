package amazon

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
)

// The page index must only narrow the search: for every selector this
// package uses, a Find through the index gives goquery's very nodes, in the
// same order, on every page the readers are tested on. (The index's own
// tests cover odd documents and selectors.)
func TestIndexedFindMatchesGoquery(t *testing.T) {
	docs := map[string]string{}
	dir := fixturesDir(t)
	for _, p := range realPages {
		b, err := os.ReadFile(filepath.Join(dir, p.file))
		if err != nil {
			t.Fatal(err)
		}
		docs[p.file] = string(b)
		if p.kind == kindProduct {
			docs[p.file+" fragment"] = buildFragment(t, string(b))
		}
	}
	handMade, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	for _, path := range handMade {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs[path] = string(b)
	}
	// Every string literal of the package that is a selector: the selector
	// tables hold them all as literals.
	var selectors []string
	pkg, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pkg["amazon"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if _, perr := cascadia.ParseGroup(s); err == nil && perr == nil && strings.TrimSpace(s) != "" {
					selectors = append(selectors, s)
				}
			}
			return true
		})
	}
	// The scan must find what it is there to find, a dynamic one included
	// before the tables listed it whole.
	for _, sel := range []string{productPage.buyBox, sellerPage.periods[0].box, aodPanel.panel, blockPage.captcha} {
		if !slices.Contains(selectors, sel) {
			t.Errorf("the scan of the package found no selector %q; want it found", sel)
		}
	}
	if len(selectors) < 150 {
		t.Fatalf("%d selectors found; want the package's 150 or more", len(selectors))
	}
	for name, src := range docs {
		p, err := parse(strings.NewReader(src), htmlindex.New)
		if err != nil {
			continue // unreadable pages are never searched
		}
		for _, sel := range selectors {
			got := p.Find(sel).Nodes
			want := p.Document.Find(sel).Nodes
			if !slices.Equal(got, want) {
				t.Errorf("%s: page.Find(%q) = %d nodes; want goquery's %d, in its order", name, sel, len(got), len(want))
			}
		}
	}
}
