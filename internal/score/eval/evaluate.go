package eval

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Targets are issue 8's targets on the corpus: no false danger, no missed
// danger, and at least these shares of cases at an acceptable and at the
// exact level.
const (
	TargetAcceptablePercent = 97
	TargetExactPercent      = 90
)

// Scorer is the scorer under evaluation: score.Score and score.Unreadable.
type Scorer struct {
	Score      func(market.Listing, market.Context) market.Verdict
	Unreadable func(*market.UnreadableError) market.Verdict
}

// Judge is s's verdict on f.
func (s Scorer) Judge(f File) market.Verdict {
	if f.Case.Unreadable != nil {
		return s.Unreadable(f.Case.Unreadable)
	}
	return s.Score(f.Listing, f.Context)
}

// Result is one case judged.
type Result struct {
	File File
	Got  market.Verdict
	// Exact: the wanted level and every reason expectation met.
	// Acceptable: the wanted or an accepted level, and every reason
	// expectation met.
	Exact, Acceptable bool
	// Problems say what is wrong, for the list of wrong cases.
	Problems []string
}

// FalseDanger reports whether r is danger on an honest case.
func (r Result) FalseDanger() bool {
	return r.File.Case.Category == "honest" && r.Got.Level == market.LevelDanger
}

// MissedDanger reports whether r is less than danger on a clear scam.
func (r Result) MissedDanger() bool {
	return r.File.Case.Category == "scam" && r.Got.Level != market.LevelDanger
}

// Judge holds verdict v to the expectation of f.
func Judge(f File, v market.Verdict) Result {
	w := f.Case.Want
	r := Result{File: f, Got: v}
	got := codes(v)
	levelOK := v.Level == w.Level || slices.Contains(w.Accept, v.Level)
	for _, c := range w.Must {
		if !slices.Contains(got, c) {
			r.Problems = append(r.Problems, "missing "+c)
		}
	}
	for _, c := range w.MustNot {
		if slices.Contains(got, c) {
			r.Problems = append(r.Problems, "unwanted "+c)
		}
	}
	if v.BaselineSource != w.BaselineSource {
		r.Problems = append(r.Problems, fmt.Sprintf("baseline %q, want %q", v.BaselineSource, w.BaselineSource))
	}
	if w.Unreadable != "" && (v.Unreadable == nil || v.Unreadable.Code != w.Unreadable) {
		got := "none"
		if v.Unreadable != nil {
			got = v.Unreadable.Code
		}
		r.Problems = append(r.Problems, fmt.Sprintf("unreadable %s, want %s", got, w.Unreadable))
	}
	r.Acceptable = levelOK && len(r.Problems) == 0
	if !levelOK {
		r.Problems = append([]string{"level " + string(v.Level)}, r.Problems...)
	}
	r.Exact = r.Acceptable && v.Level == w.Level
	return r
}

// Tally counts results.
type Tally struct {
	Cases, Exact, Acceptable int
	// FalseDanger counts danger on honest cases; MissedDanger, anything
	// but danger on clear scams.
	FalseDanger, MissedDanger int
}

func (t *Tally) add(r Result) {
	t.Cases++
	if r.Exact {
		t.Exact++
	}
	if r.Acceptable {
		t.Acceptable++
	}
	if r.FalseDanger() {
		t.FalseDanger++
	}
	if r.MissedDanger() {
		t.MissedDanger++
	}
}

// Report is a whole corpus judged.
type Report struct {
	Results    []Result
	Total      Tally
	ByCategory map[string]*Tally
	ByClass    map[string]*Tally
}

// Evaluate judges every file with s.
func Evaluate(files []File, s Scorer) Report {
	rep := Report{ByCategory: map[string]*Tally{}, ByClass: map[string]*Tally{}}
	for _, f := range files {
		r := Judge(f, s.Judge(f))
		rep.Results = append(rep.Results, r)
		rep.Total.add(r)
		tally(rep.ByCategory, f.Case.Category).add(r)
		tally(rep.ByClass, f.Case.Class).add(r)
	}
	return rep
}

func tally(m map[string]*Tally, key string) *Tally {
	if m[key] == nil {
		m[key] = &Tally{}
	}
	return m[key]
}

// Missed lists the targets the report misses, with its figures; none
// means every target is met.
func (rep Report) Missed() []string {
	t := rep.Total
	var missed []string
	if t.FalseDanger > 0 {
		missed = append(missed, fmt.Sprintf("%d false danger on honest cases; want 0", t.FalseDanger))
	}
	if t.MissedDanger > 0 {
		missed = append(missed, fmt.Sprintf("%d missed danger on clear scams; want 0", t.MissedDanger))
	}
	if t.Acceptable*100 < TargetAcceptablePercent*t.Cases {
		missed = append(missed, fmt.Sprintf("acceptable %s; want at least %d%%", percent(t.Acceptable, t.Cases), TargetAcceptablePercent))
	}
	if t.Exact*100 < TargetExactPercent*t.Cases {
		missed = append(missed, fmt.Sprintf("exact %s; want at least %d%%", percent(t.Exact, t.Cases), TargetExactPercent))
	}
	return missed
}

// Write prints the figures per category and per class, every case judged
// wrong, every case at an accepted but not the wanted level, and whether
// the targets are met.
func (rep Report) Write(w io.Writer) error {
	var b strings.Builder
	table := func(title string, keys []string, m map[string]*Tally) {
		fmt.Fprintf(&b, "%-18s %5s  %-11s %-11s %s  %s\n", title, "cases", "exact", "acceptable", "false 危険", "missed 危険")
		for _, k := range keys {
			if t := m[k]; t != nil {
				row(&b, k, *t)
			}
		}
		row(&b, "all", rep.Total)
		b.WriteString("\n")
	}
	table("category", Categories, rep.ByCategory)
	table("class", Classes, rep.ByClass)

	wrong, inexact := 0, 0
	for _, r := range rep.Results {
		if !r.Acceptable {
			wrong++
		} else if !r.Exact {
			inexact++
		}
	}
	fmt.Fprintf(&b, "wrong (%d): not an acceptable verdict\n", wrong)
	for _, r := range rep.Results {
		if !r.Acceptable {
			line(&b, r)
		}
	}
	fmt.Fprintf(&b, "\nacceptable but not the wanted level (%d)\n", inexact)
	for _, r := range rep.Results {
		if r.Acceptable && !r.Exact {
			line(&b, r)
		}
	}
	b.WriteString("\n")
	if missed := rep.Missed(); len(missed) > 0 {
		fmt.Fprintf(&b, "targets missed: %s\n", strings.Join(missed, "; "))
	} else {
		fmt.Fprintf(&b, "targets met: 0 false 危険, 0 missed 危険, acceptable ≥ %d%%, exact ≥ %d%%\n",
			TargetAcceptablePercent, TargetExactPercent)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func row(b *strings.Builder, key string, t Tally) {
	fmt.Fprintf(b, "%-18s %5d  %-11s %-11s %8d  %9d\n", key, t.Cases,
		percent(t.Exact, t.Cases), percent(t.Acceptable, t.Cases), t.FalseDanger, t.MissedDanger)
}

func line(b *strings.Builder, r Result) {
	c := r.File.Case
	want := string(c.Want.Level)
	if len(c.Want.Accept) > 0 {
		var acc []string
		for _, l := range c.Want.Accept {
			acc = append(acc, string(l))
		}
		want += " (or " + strings.Join(acc, ", ") + ")"
	}
	fmt.Fprintf(b, "  - [%s/%s] %s\n      want %s; got %s %d %v", c.Category, c.Class, c.Name,
		want, r.Got.Level, r.Got.Score, codes(r.Got))
	if r.Got.Unreadable != nil {
		fmt.Fprintf(b, " unreadable %s", r.Got.Unreadable.Code)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(b, "; %s", strings.Join(r.Problems, ", "))
	}
	b.WriteString("\n")
}

// percent is n of total as "n/total (p%)", p rounded down so that a share
// shown as 97% is at least 97%.
func percent(n, total int) string {
	if total == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d %d%%", n, total, n*100/total)
}
