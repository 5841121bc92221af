// Command mkweval measures the scorer on the scenario corpus and prints the
// figures per category and class, and every case it gets wrong (`make eval`).
// It exits 0 when targets are missed — TestEvaluationTargets asserts them —
// and 1 only when the corpus cannot be read.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mikiwame/mikiwame/internal/score"
	"github.com/mikiwame/mikiwame/internal/score/eval"
)

func main() {
	dir := flag.String("dir", "internal/score/testdata/scenarios", "the scenario corpus")
	flag.Parse()
	files, err := eval.Load(*dir, score.Codes())
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkweval:", err)
		os.Exit(1)
	}
	rep := eval.Evaluate(files, eval.Scorer{Score: score.Score, Unreadable: score.Unreadable})
	if err := rep.Write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mkweval:", err)
		os.Exit(1)
	}
}
