package score

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

var update = flag.Bool("update", false, "rewrite the recorded verdicts in testdata/scenarios")

const scenarioDir = "testdata/scenarios"

// A scenario is one case of the corpus in testdata/scenarios: an input
// (listing + context, in the wire JSON the wasm checker gets), what a
// careful shopper would want the badge to say, and the verdict the
// scorer gave when the file was last recorded with -update.
type scenario struct {
	Name     string `json:"name"`
	Category string `json:"category"` // one of scenarioCategories
	Source   string `json:"source"`   // one of scenarioSources
	Models   string `json:"models"`   // what the case stands for, with its rule numbers

	Listing json.RawMessage `json:"listing"`
	Context json.RawMessage `json:"context,omitempty"`

	Want expectation `json:"want"`

	// Verdict is written by -update, never by hand: a change in score or
	// reasons shows up in review as a diff of this field.
	Verdict *recordedVerdict `json:"verdict,omitempty"`
}

type expectation struct {
	Level market.Level `json:"level"`
	// Accept lists the other levels a careful person would also accept;
	// the test passes on any of them, the evaluation counts exact hits.
	Accept []market.Level `json:"accept,omitempty"`
	// BaselineSource the verdict must name; empty means none.
	BaselineSource string   `json:"baselineSource,omitempty"`
	Must           []string `json:"must,omitempty"`
	MustNot        []string `json:"mustNot,omitempty"`
}

type recordedVerdict struct {
	Level   market.Level `json:"level"`
	Score   int          `json:"score"`
	Reasons []string     `json:"reasons"` // codes, in display order
}

// Categories are what a case is, not what the scorer says: the
// evaluation counts false danger on honest cases and missed danger on
// clear scams.
var scenarioCategories = []string{"scam", "subtle", "honest", "unreadable"}

// Sources say where a case comes from: the article's rule text, a public
// case (DESIGN.md "Public evidence"), or a class of listing we model.
var scenarioSources = []string{"article", "public-case", "class"}

var levels = []market.Level{market.LevelOK, market.LevelCaution, market.LevelDanger, market.LevelUnknown}

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s (err %v)", scenarioDir, err)
	}
	names := make(map[string]string)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			sc, l, c := readScenario(t, path)
			if prev, ok := names[sc.Name]; ok {
				t.Fatalf("name %q is also used by %s", sc.Name, prev)
			}
			names[sc.Name] = path

			v := Score(l, c)
			checkReasons(t, v)
			checkExpectation(t, sc.Want, v)

			got := recordedVerdict{Level: v.Level, Score: v.Score, Reasons: reasonCodes(v)}
			if got.Reasons == nil {
				got.Reasons = []string{}
			}
			if *update {
				sc.Verdict = &got
				writeScenario(t, path, sc)
				return
			}
			if sc.Verdict == nil {
				t.Fatalf("no recorded verdict; run go test ./internal/score -run TestScenarios -update")
			}
			if sc.Verdict.Level != got.Level || sc.Verdict.Score != got.Score || !slices.Equal(sc.Verdict.Reasons, got.Reasons) {
				t.Errorf("Score() = %s %d %v; recorded %s %d %v (run with -update if the change is meant)",
					got.Level, got.Score, got.Reasons, sc.Verdict.Level, sc.Verdict.Score, sc.Verdict.Reasons)
			}
		})
	}
}

// readScenario decodes a scenario file strictly: a misspelt field in
// hand-written data must fail, not be ignored.
func readScenario(t *testing.T, path string) (scenario, market.Listing, market.Context) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sc scenario
	var l market.Listing
	var c market.Context
	if err := strictJSON(b, &sc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := strictJSON(sc.Listing, &l); err != nil {
		t.Fatalf("%s: listing: %v", path, err)
	}
	if len(sc.Context) > 0 {
		if err := strictJSON(sc.Context, &c); err != nil {
			t.Fatalf("%s: context: %v", path, err)
		}
	}
	checkScenario(t, sc)
	return sc, l, c
}

func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// checkScenario holds the data to the corpus's own rules.
func checkScenario(t *testing.T, sc scenario) {
	t.Helper()
	if sc.Name == "" || sc.Models == "" {
		t.Errorf("name %q, models %q; want both written", sc.Name, sc.Models)
	}
	if !slices.Contains(scenarioCategories, sc.Category) {
		t.Errorf("category %q; want one of %v", sc.Category, scenarioCategories)
	}
	if !slices.Contains(scenarioSources, sc.Source) {
		t.Errorf("source %q; want one of %v", sc.Source, scenarioSources)
	}
	w := sc.Want
	for _, lv := range append([]market.Level{w.Level}, w.Accept...) {
		if !slices.Contains(levels, lv) {
			t.Errorf("level %q; want one of %v", lv, levels)
		}
	}
	if slices.Contains(w.Accept, w.Level) {
		t.Errorf("accept %v repeats the expected level %s", w.Accept, w.Level)
	}
	// A clear scam that is not danger is a miss; an honest case that
	// may be danger is a false alarm. Neither can be the expectation.
	if sc.Category == "scam" && (w.Level != market.LevelDanger || len(w.Accept) > 0) {
		t.Errorf("category scam wants %s (or %v); want danger only", w.Level, w.Accept)
	}
	if sc.Category == "honest" && (w.Level == market.LevelDanger || slices.Contains(w.Accept, market.LevelDanger)) {
		t.Errorf("category honest accepts danger (%s, %v); want never", w.Level, w.Accept)
	}
	for _, c := range append(slices.Clone(w.Must), w.MustNot...) {
		if !slices.Contains(Codes(), c) {
			t.Errorf("reason %s is not in Codes()", c)
		}
	}
}

func checkExpectation(t *testing.T, w expectation, v market.Verdict) {
	t.Helper()
	codes := reasonCodes(v)
	if v.Level != w.Level && !slices.Contains(w.Accept, v.Level) {
		t.Errorf("Score().Level = %s (score %d, %v); want %s (or %v)", v.Level, v.Score, codes, w.Level, w.Accept)
	}
	if v.BaselineSource != w.BaselineSource {
		t.Errorf("Score().BaselineSource = %q; want %q", v.BaselineSource, w.BaselineSource)
	}
	for _, c := range w.Must {
		if !slices.Contains(codes, c) {
			t.Errorf("Score() reasons = %v; want %s among them", codes, c)
		}
	}
	for _, c := range w.MustNot {
		if slices.Contains(codes, c) {
			t.Errorf("Score() reasons = %v; want no %s", codes, c)
		}
	}
}

// writeScenario writes sc in the corpus's one format: two-space indent,
// fields in struct order, "<" and "&" as themselves, a final newline.
func writeScenario(t *testing.T, path string, sc scenario) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
