package check

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/amazon"
)

// The native side of the extension benchmark: extension/bench/run.js
// measures the wasm checker in Chromium, writes the inputs it used (the
// fragment Chromium built, the page URL, the context JSON and a whole real
// page) to $MIKIWAME_BENCH_DIR, and runs these benchmarks on them, so the
// wasm/native ratio compares one run on one machine. The calls are the
// very ones wasm/main.go makes, strings in and JSON out, so the ratio is
// about the runtime, not about skipped encoding. Without the directory
// (make bench's Go part) they run on a real page and its Go-built fragment.

type benchInputs struct {
	url, fragment, context string
	pageURL, page          string // a whole real product page
}

func loadBench(b *testing.B) benchInputs {
	b.Helper()
	dir := os.Getenv("MIKIWAME_BENCH_DIR")
	if dir == "" {
		const url = "https://www.amazon.com/dp/B01LW7X0JJ"
		page := readFile(b, filepath.Join(fixtures(b), "us", "product_B01LW7X0JJ_fba_uxcell.html"))
		frag, err := amazon.Fragment(strings.NewReader(page))
		if err != nil {
			b.Fatal(err)
		}
		return benchInputs{url: url, fragment: string(frag), context: `{"now":"2026-11-24T00:00:00Z"}`, pageURL: url, page: page}
	}
	read := func(name string) string { return readFile(b, filepath.Join(dir, name)) }
	return benchInputs{
		url:      strings.TrimSpace(read("url.txt")),
		fragment: read("fragment.html"),
		context:  read("context.json"),
		pageURL:  strings.TrimSpace(read("page_url.txt")),
		page:     read("page.html"),
	}
}

// mustOK fails the benchmark on a failure envelope and returns the JSON
// the extension would receive.
func mustOK(b *testing.B, env Envelope) string {
	s := env.JSON()
	if !env.OK {
		b.Fatal(s)
	}
	return s
}

// warmCheck is one warm verdict as the service worker asks for it: extract
// the product fragment, score it in the context, put it into words.
// The listing and the verdict go back in as JSON, as JSON.stringify hands
// them over in the worker.
func warmCheck(b *testing.B, in benchInputs) {
	ex := Extract(KindProduct, in.fragment, in.url)
	mustOK(b, ex)
	sc := Score(mustJSON(b, ex.Listing), in.context)
	mustOK(b, sc)
	mustOK(b, Explain(mustJSON(b, sc.Verdict), "ja"))
}

func mustJSON(b *testing.B, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func BenchmarkWarmCheck(b *testing.B) {
	in := loadBench(b)
	for b.Loop() {
		warmCheck(b, in)
	}
}

func BenchmarkExtractFragment(b *testing.B) {
	in := loadBench(b)
	b.SetBytes(int64(len(in.fragment)))
	for b.Loop() {
		mustOK(b, Extract(KindProduct, in.fragment, in.url))
	}
}

func BenchmarkExtractWholePage(b *testing.B) {
	in := loadBench(b)
	b.SetBytes(int64(len(in.page)))
	for b.Loop() {
		mustOK(b, Extract(KindProduct, in.page, in.pageURL))
	}
}
