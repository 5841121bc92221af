// Command paritycheck answers, natively, what the wasm checker answers in
// the browser, so the extension's parity test (extension/test/wasm) can
// compare the two builds of the same pipeline, internal/check, on the same
// pages.
//
// It reads a JSON array of cases {kind, path, url} on stdin and writes a
// JSON array of {extract, score, explain} envelopes: extract reads the page;
// for a product page that was read, score runs with Context and explain in
// Japanese on that verdict; for an unreadable product page, explain runs on
// the "could not read" verdict.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mikiwame/mikiwame/internal/check"
)

// Context is the scoring context both sides use: a fixed clock, so dates
// on the pages resolve the same way in both runs.
const Context = `{"now":"2026-11-24T00:00:00Z"}`

type testCase struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
	URL  string `json:"url"`
}

type result struct {
	Extract json.RawMessage `json:"extract"`
	Score   json.RawMessage `json:"score,omitempty"`
	Explain json.RawMessage `json:"explain,omitempty"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "paritycheck:", err)
		os.Exit(1)
	}
}

func run() error {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		return fmt.Errorf("read cases: %w", err)
	}
	out := make([]result, 0, len(cases))
	for _, c := range cases {
		page, err := os.ReadFile(c.Path)
		if err != nil {
			return err
		}
		out = append(out, answer(c.Kind, string(page), c.URL))
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func answer(kind, page, url string) result {
	ex := check.Extract(kind, page, url)
	r := result{Extract: json.RawMessage(ex.JSON())}
	if kind != check.KindProduct {
		return r
	}
	verdict := ex.Verdict
	if ex.OK {
		listing, _ := json.Marshal(ex.Listing)
		sc := check.Score(string(listing), Context)
		r.Score = json.RawMessage(sc.JSON())
		verdict = sc.Verdict
	}
	if verdict != nil {
		v, _ := json.Marshal(verdict)
		r.Explain = json.RawMessage(check.Explain(string(v), "ja").JSON())
	}
	return r
}
