package jsfacts

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// A generated file that differs from what Files gives is stale: someone
// edited it by hand or changed the Go side without `make generate`.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	for _, f := range Files() {
		got, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Content) {
			t.Errorf("%s is stale; run make generate (go generate ./internal/jsfacts)", f.Path)
		}
	}
}

// Go's tools and reviewers skip a file only if it says it is generated.
func TestFilesSayGenerated(t *testing.T) {
	generated := regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
	for _, f := range Files() {
		if !generated.Match(f.Content) {
			t.Errorf("%s has no Code generated … DO NOT EDIT. line", f.Path)
		}
	}
}

func TestEveryLevelHasColours(t *testing.T) {
	var got []market.Level
	for _, l := range levelColours {
		got = append(got, l.level)
	}
	if want := market.Levels(); !equal(got, want) {
		t.Errorf("levelColours levels = %v; want %v (market.Levels)", got, want)
	}
	hex := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	for _, l := range levelColours {
		if !hex.MatchString(l.color) || !hex.MatchString(l.background) {
			t.Errorf("colours of %s = %q, %q; want #rrggbb", l.level, l.color, l.background)
		}
	}
}

// Both forms hold every fact and every function, by the same names.
func TestBothFormsHoldEveryFact(t *testing.T) {
	classic, module := classic(), module()
	if len(functionNames()) == 0 {
		t.Fatal("functionNames() found no function in functions.js")
	}
	var names []string
	for _, f := range facts() {
		names = append(names, f.name)
	}
	names = append(names, functionNames()...)
	exports := regexp.MustCompile(`(?m)^export (?:const|function) (\w+)`)
	var exported []string
	for _, m := range exports.FindAllStringSubmatch(module, -1) {
		exported = append(exported, m[1])
	}
	if !equal(exported, names) {
		t.Errorf("lib/facts.js exports %v; want %v", exported, names)
	}
	ret := regexp.MustCompile(`return Object\.freeze\(\{ (.*) \}\);`).FindStringSubmatch(classic)
	if ret == nil || ret[1] != strings.Join(names, ", ") {
		t.Errorf("MIKIWAME_FACTS holds %q; want %v", ret, names)
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		v    any
		top  bool
		want string
	}{
		{"a\"</script>", false, `"a\"\u003c/script\u003e"`},
		{7, false, "7"},
		{[]string{"x", "y"}, true, "Object.freeze([\n  \"x\",\n  \"y\",\n])"},
		{[]string{"x"}, false, `Object.freeze([ "x" ])`},
		{obj{{"a", "1"}, {"b", obj{{"c", "2"}}}}, true, "Object.freeze({\n  a: \"1\",\n  b: Object.freeze({ c: \"2\" }),\n})"},
		{regex{"^a/b$", ""}, false, `new RegExp("^a/b$")`},
		{regex{"x", "i"}, false, `new RegExp("x", "i")`},
	}
	for _, tt := range tests {
		if got := render(tt.v, "", tt.top); got != tt.want {
			t.Errorf("render(%#v, %v) = %s; want %s", tt.v, tt.top, got, tt.want)
		}
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
