package amazon

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// buildFragment is Fragment for tests: the fragment of page, or a fatal error.
func buildFragment(t testing.TB, page string) string {
	t.Helper()
	b, err := Fragment(strings.NewReader(page))
	if err != nil {
		t.Fatalf("Fragment(page) error = %v", err)
	}
	return string(b)
}

// TestFragmentMatchesWholePage checks that every real and hand-made
// product page gives the same Listing (or the same error code) from its
// fragment as from the page.
func TestFragmentMatchesWholePage(t *testing.T) {
	type page struct{ path, url string }
	var pages []page
	dir := fixturesDir(t)
	for _, p := range realPages {
		if p.kind == kindProduct {
			pages = append(pages, page{filepath.Join(dir, p.file), p.url})
		}
	}
	handMade, _ := filepath.Glob(filepath.Join("testdata", "pages", kindProduct+"_*.html"))
	for _, path := range handMade {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m := handMadeURL.FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s has no url: line", path)
		}
		pages = append(pages, page{path, string(m[1])})
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			b, err := os.ReadFile(p.path)
			if err != nil {
				t.Fatal(err)
			}
			frag := buildFragment(t, string(b))
			if len(b) > 100000 && len(frag) >= len(b)/2 {
				t.Errorf("fragment is %d bytes of a %d-byte page; want far smaller", len(frag), len(b))
			}
			// With the page URL, and without it (the marketplace then comes
			// from the canonical link, which the fragment keeps).
			for _, url := range []string{p.url, ""} {
				whole := extract(t, kindProduct, strings.NewReader(string(b)), url)
				part := extract(t, kindProduct, strings.NewReader(frag), url)
				if whole.Error != nil || part.Error != nil {
					if whole.Error == nil || part.Error == nil || whole.Error.Code != part.Error.Code {
						t.Errorf("Product(fragment, %q) error = %v; want %v", url, part.Error, whole.Error)
					}
					continue
				}
				if !reflect.DeepEqual(part.Result, whole.Result) {
					t.Errorf("Product(fragment, %q) = %+v; want %+v", url, part.Result, whole.Result)
				}
			}
		})
	}
}

// Every attribute a selector or an Attr call in this package reads must
// survive into a fragment, or a fragment would read differently from the
// page as soon as a page relies on it.
func TestFragmentKeepsReadAttributes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// [name], [name="…"], [name*="…"] in a selector string, or .Attr("name").
	literal := regexp.MustCompile("`[^`]*`")
	read := regexp.MustCompile(`\[([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*(?:[~|^$*]?=\s*["']|\])()`)
	attrCall := regexp.MustCompile(`()\.Attr\("([^"]+)"\)`)
	charRange := regexp.MustCompile(`^[a-z0-9]-[a-z0-9]$`) // [a-z] in a regexp
	seen := map[string]bool{}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// Selectors from the raw strings only, so Go's a[i] is no attribute.
		src := strings.Join(literal.FindAllString(string(b), -1), "\n")
		for _, m := range append(read.FindAllStringSubmatch(src, -1), attrCall.FindAllStringSubmatch(string(b), -1)...) {
			name := m[1] + m[2]
			if charRange.MatchString(name) || seen[name] {
				continue
			}
			seen[name] = true
			if !fragmentAttrs[name] {
				t.Errorf("%s reads attribute %q, which FragmentAttrs drops", file, name)
			}
		}
	}
	// The scan must find what it is there to find.
	for _, name := range []string{"href", "data-a-strike", "data-csa-c-delivery-time", "offer-display-feature-name", "value"} {
		if !seen[name] {
			t.Errorf("scan of the package found no read of %q; want it found", name)
		}
	}
}

func TestFragment(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{
			"strips scripts, comments, bulky attributes and spaces",
			`<title> A
			&amp; B </title><div id="desktop_buybox" style="x" data-a-dynamic-image="{}"><!-- c --><script>var x = "<b>";</script>
			<span class="a-price" data-a-strike="true">  ￥1,000 </span><svg><text>icon</text></svg><select><option>1</option></select>
			<a href="/sp?seller=A1" aria-label="x" onclick="y()">S</a><noscript><p>n</p></noscript><template><p>t</p></template></div>`,
			`<html><head><title>A &amp; B</title></head><body><div id="desktop_buybox"> <span class="a-price" data-a-strike="true"> ￥1,000 </span> <a href="/sp?seller=A1">S</a></div></body></html>`,
		},
		{
			"outermost matches only, in document order",
			`<div id="productTitle">T</div><div id="buybox"><div id="merchant-info">M</div></div><input id="ASIN" value="B000000001" data-x="1">`,
			`<html><head><title></title></head><body><div id="productTitle">T</div><div id="buybox"><div id="merchant-info">M</div></div><input id="ASIN" value="B000000001"/></body></html>`,
		},
		{
			"hostile markup stays text",
			`<title>&lt;script&gt;</title><div id="merchant-info">&lt;img src=x onerror=alert(1)&gt;</div>`,
			`<html><head><title>&lt;script&gt;</title></head><body><div id="merchant-info">&lt;img src=x onerror=alert(1)&gt;</div></body></html>`,
		},
		{"nothing matches", `<p>hello</p>`, `<html><head><title></title></head><body></body></html>`},
		{"empty", ``, `<html><head><title></title></head><body></body></html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Fragment(strings.NewReader(tt.page))
			if err != nil {
				t.Fatalf("Fragment(%q) error = %v", tt.page, err)
			}
			if string(got) != tt.want {
				t.Errorf("Fragment(%s) = %s; want %s", tt.name, got, tt.want)
			}
		})
	}
}

func TestFragmentBadInput(t *testing.T) {
	if _, err := Fragment(nil); err == nil {
		t.Error("Fragment(nil) error = nil; want an error")
	}
	if _, err := Fragment(strings.NewReader(strings.Repeat("x", maxInput+1))); err == nil {
		t.Error("Fragment(oversized page) error = nil; want an error")
	}
	// Parsing gives up on over-nested pages; that is an error, not a panic.
	if _, err := Fragment(strings.NewReader(strings.Repeat("<div>", 600))); err == nil {
		t.Error("Fragment(600 nested divs) error = nil; want an error")
	}
}
