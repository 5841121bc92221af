// Package bench holds the native Go side of the extension benchmark:
// bench/run.js measures the wasm checker in Chromium, writes the inputs it
// used (the fragment Chromium built, the page URL, the seller and context
// JSON) to a directory, and runs these benchmarks on the same inputs so the
// two numbers come from one run on one machine.
//
// Each step mirrors what wasm/internal/bridge does for one JS call: the
// arguments arrive as JSON strings and the answer leaves as JSON, so the
// wasm/native ratio is about the runtime, not about skipped encoding.
package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/amazon"
	"github.com/mikiwame/mikiwame/internal/explain"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/score"
)

type inputs struct {
	url, fragment, context string
	pageURL, page          string // a real whole product page
}

// load reads the inputs bench/run.js wrote to $MIKIWAME_BENCH_DIR; without
// it (a plain go test ./...) there is nothing to compare against.
func load(b *testing.B) inputs {
	b.Helper()
	dir := os.Getenv("MIKIWAME_BENCH_DIR")
	if dir == "" {
		b.Skip("MIKIWAME_BENCH_DIR is not set: run npm run bench in extension/")
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		return string(data)
	}
	return inputs{
		url:      strings.TrimSpace(read("url.txt")),
		fragment: read("fragment.html"),
		context:  read("context.json"),
		pageURL:  strings.TrimSpace(read("page_url.txt")),
		page:     read("page.html"),
	}
}

func mustJSON(b *testing.B, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// check is one warm verdict as the service worker asks for it: extract the
// product fragment, score it with the cached seller, put it into words.
func check(b *testing.B, in inputs) {
	l, err := amazon.Product(strings.NewReader(in.fragment), in.url)
	if err != nil {
		b.Fatal(err)
	}
	listingJSON := mustJSON(b, l)

	var l2 market.Listing
	var c market.Context
	if err := json.Unmarshal([]byte(listingJSON), &l2); err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal([]byte(in.context), &c); err != nil {
		b.Fatal(err)
	}
	verdictJSON := mustJSON(b, score.Score(l2, c))

	var v market.Verdict
	if err := json.Unmarshal([]byte(verdictJSON), &v); err != nil {
		b.Fatal(err)
	}
	mustJSON(b, explain.Explain(v, "ja"))
}

func BenchmarkWarmCheck(b *testing.B) {
	in := load(b)
	for b.Loop() {
		check(b, in)
	}
}

func BenchmarkExtractFragment(b *testing.B) {
	in := load(b)
	b.SetBytes(int64(len(in.fragment)))
	for b.Loop() {
		l, err := amazon.Product(strings.NewReader(in.fragment), in.url)
		if err != nil {
			b.Fatal(err)
		}
		mustJSON(b, l)
	}
}

func BenchmarkExtractWholePage(b *testing.B) {
	in := load(b)
	b.SetBytes(int64(len(in.page)))
	for b.Loop() {
		l, err := amazon.Product(strings.NewReader(in.page), in.pageURL)
		if err != nil {
			b.Fatal(err)
		}
		mustJSON(b, l)
	}
}
