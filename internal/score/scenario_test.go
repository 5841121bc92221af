package score

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/score/eval"
)

var update = flag.Bool("update", false, "rewrite the recorded verdicts in testdata/scenarios")

const scenarioDir = "testdata/scenarios"

var scorer = eval.Scorer{Score: Score, Unreadable: Unreadable}

// TestScenarios is the corpus's regression test: every file reads
// strictly, follows the corpus's rules, and its verdict is the one
// recorded with -update (level, score, reasons, baseline). Whether that
// verdict is the one a shopper wants is TestEvaluationTargets' question.
func TestScenarios(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(scenarioDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scenarios in %s (err %v)", scenarioDir, err)
	}
	names := make(map[string]string)
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			f, err := eval.ReadFile(path, Codes())
			if err != nil {
				t.Fatal(err)
			}
			if prev, ok := names[f.Case.Name]; ok {
				t.Fatalf("name %q is also used by %s", f.Case.Name, prev)
			}
			names[f.Case.Name] = path

			v := scorer.Judge(f)
			checkReasons(t, v)
			got := eval.Record(v)
			if *update {
				f.Case.Verdict = &got
				if err := eval.Write(path, f.Case); err != nil {
					t.Fatal(err)
				}
				return
			}
			if f.Case.Verdict == nil {
				t.Fatalf("no recorded verdict; run go test ./internal/score -run TestScenarios -update")
			}
			if r := *f.Case.Verdict; !r.Equal(got) {
				t.Errorf("verdict = %+v; recorded %+v (run with -update if the change is meant)", got, r)
			}
		})
	}
}

// TestEvaluationTargets holds the scorer to issue 8's targets on the whole
// corpus: no danger on an honest case, danger on every clear scam, and
// enough cases at an acceptable and at the exact level. `make eval`
// prints the same figures per category and class.
func TestEvaluationTargets(t *testing.T) {
	files, err := eval.Load(scenarioDir, Codes())
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Evaluate(files, scorer)
	missed := rep.Missed()
	for _, m := range missed {
		t.Errorf("corpus of %d cases: %s", rep.Total.Cases, m)
	}
	if len(missed) > 0 {
		for _, r := range rep.Results {
			if !r.Acceptable {
				t.Logf("wrong: %s: want %s %v; got %s %d (%s)", r.File.Case.Name, r.File.Case.Want.Level,
					r.File.Case.Want.Accept, r.Got.Level, r.Got.Score, strings.Join(r.Problems, ", "))
			}
		}
		t.Log("go run ./cmd/mkweval prints the figures per category and class")
	}
}
