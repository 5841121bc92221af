// Package jsmirror holds the tests that keep the extension's JavaScript
// copies of Go facts equal to the Go they copy. The copies exist because a
// content script cannot load the wasm, and a service worker needs some
// facts before it has loaded it.
package jsmirror

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/amazon"
)

var update = flag.Bool("update", false, "rewrite extension/content/selectors.js from the amazon fragment lists")

// repoRoot is the repository, seen from this package's directory (where
// go test runs its tests).
func repoRoot(t *testing.T) string {
	t.Helper()
	return filepath.Join("..", "..", "..")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jsLists are the Go lists the content script keeps a copy of (content
// scripts cannot load the wasm), by the global that holds each copy.
var jsLists = []struct {
	global string
	list   []string
}{
	{"MIKIWAME_FRAGMENT_SELECTORS", amazon.FragmentSelectors},
	{"MIKIWAME_FRAGMENT_DROP_TAGS", amazon.FragmentDropTags},
	{"MIKIWAME_FRAGMENT_ATTRS", amazon.FragmentAttrs},
}

// This test keeps the content script's copy honest;
// go test ./wasm/internal/jsmirror -update rewrites it.
func TestSelectorsMatchContentScript(t *testing.T) {
	path := filepath.Join(repoRoot(t), "extension", "content", "selectors.js")
	if *update {
		if err := os.WriteFile(path, []byte(selectorsJS()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := readFile(t, path)
	for _, l := range jsLists {
		if got := parseJSList(src, l.global); !reflect.DeepEqual(got, l.list) {
			t.Errorf("%s in %s = %q; want %q (run go test ./wasm/internal/jsmirror -update)", l.global, path, got, l.list)
		}
	}
}

func selectorsJS() string {
	var b strings.Builder
	b.WriteString("// What the content script sends to the checker: the CSS selectors whose\n")
	b.WriteString("// outerHTML it takes, the elements it leaves out of each copy and the\n")
	b.WriteString("// attributes it keeps. A copy of amazon.FragmentSelectors, FragmentDropTags\n")
	b.WriteString("// and FragmentAttrs (internal/amazon): a Go test fails when they differ;\n")
	b.WriteString("// `go test ./wasm/internal/jsmirror -update` rewrites this file.\n")
	for _, l := range jsLists {
		b.WriteString("globalThis." + l.global + " = Object.freeze([\n")
		for _, s := range l.list {
			q, _ := json.Marshal(s)
			b.WriteString("  " + string(q) + ",\n")
		}
		b.WriteString("]);\n")
	}
	return b.String()
}

var jsString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// parseJSList reads the strings of globalThis.<global> = Object.freeze([…]).
func parseJSList(src, global string) []string {
	i := strings.Index(src, "globalThis."+global+" =")
	if i < 0 {
		return nil
	}
	src = src[i:]
	start := strings.Index(src, "[")
	end := strings.Index(src, "]);")
	if start < 0 || end < start {
		return nil
	}
	var out []string
	for _, q := range jsString.FindAllString(src[start:end], -1) {
		var s string
		if json.Unmarshal([]byte(q), &s) == nil {
			out = append(out, s)
		}
	}
	return out
}
