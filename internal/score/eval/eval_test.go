package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

var codesForTest = []string{"SOLD_BY_AMAZON", "PRICE_FAR_BELOW_MARKET"}

func writeCase(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const okCase = `{"name": "n", "category": "honest", "class": "amazon", "source": "class", "models": "m",
 "listing": {"marketplace": "JP", "offer": {"sellerId": "AN1VRQENFRJN5", "fulfillment": "amazon"}},
 "want": {"level": "ok", "must": ["SOLD_BY_AMAZON"]}}`

func TestReadFileRejects(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"unknown field", strings.Replace(okCase, `"models"`, `"model"`, 1), "unknown field"},
		{"unknown listing field", strings.Replace(okCase, `"offer"`, `"offers_"`, 1), "listing"},
		{"class", strings.Replace(okCase, `"amazon"`, `"amazn"`, 1), "class"},
		{"honest accepts danger", strings.Replace(okCase, `"level": "ok"`, `"level": "ok", "accept": ["danger"]`, 1), "honest accepts danger"},
		{"scam accepts caution", strings.Replace(strings.Replace(okCase, `"honest"`, `"scam"`, 1), `"level": "ok"`, `"level": "danger", "accept": ["caution"]`, 1), "danger only"},
		{"code", strings.Replace(okCase, `"SOLD_BY_AMAZON"]`, `"SOLD_BY_AMAZONE"]`, 1), "not a code"},
		{"listing and unreadable", strings.Replace(okCase, `"listing"`, `"unreadable": {"code": "PAGE_CAPTCHA"}, "listing"`, 1), "both"},
		{"unreadable code", strings.Replace(okCase, `"listing": {"marketplace": "JP", "offer": {"sellerId": "AN1VRQENFRJN5", "fulfillment": "amazon"}}`, `"unreadable": {"code": "CAPTCHA"}`, 1), "unreadable code"},
	}
	dir := t.TempDir()
	if _, err := ReadFile(writeCase(t, dir, "ok.json", okCase), codesForTest); err != nil {
		t.Fatalf("ReadFile(okCase) = %v; want no error", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFile(writeCase(t, dir, "bad.json", tt.body), codesForTest)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadFile() = %v; want an error with %q", err, tt.want)
			}
		})
	}
}

func TestLoadDuplicateName(t *testing.T) {
	dir := t.TempDir()
	writeCase(t, dir, "a.json", okCase)
	writeCase(t, dir, "b.json", okCase)
	if _, err := Load(dir, codesForTest); err == nil || !strings.Contains(err.Error(), "also used") {
		t.Errorf("Load() = %v; want a duplicate-name error", err)
	}
}

func file(category, class string, want market.Level, accept ...market.Level) File {
	return File{Case: Case{Name: category + " " + string(want), Category: category, Class: class,
		Want: Want{Level: want, Accept: accept}}}
}

func TestEvaluate(t *testing.T) {
	files := []File{
		file("honest", "amazon", market.LevelOK),                         // got danger: false danger
		file("scam", "lures", market.LevelDanger),                        // got caution: missed
		file("subtle", "price", market.LevelCaution, market.LevelDanger), // got danger: acceptable
		file("subtle", "price", market.LevelCaution),                     // got caution: exact
		file("unreadable", "unreadable-page", market.LevelUnknown),       // got caution: wrong
		{Case: Case{Name: "must", Category: "honest", Class: "amazon", Want: Want{Level: market.LevelCaution, Must: []string{"X"}}}}, // level right, reason missing
	}
	got := []market.Level{market.LevelDanger, market.LevelCaution, market.LevelDanger, market.LevelCaution, market.LevelCaution, market.LevelCaution}
	i := 0
	s := Scorer{Score: func(market.Listing, market.Context) market.Verdict {
		v := market.Verdict{Level: got[i]}
		i++
		return v
	}}
	rep := Evaluate(files, s)
	want := Tally{Cases: 6, Exact: 1, Acceptable: 2, FalseDanger: 1, MissedDanger: 1}
	if rep.Total != want {
		t.Errorf("Evaluate().Total = %+v; want %+v", rep.Total, want)
	}
	if c := *rep.ByClass["price"]; c != (Tally{Cases: 2, Exact: 1, Acceptable: 2}) {
		t.Errorf("Evaluate().ByClass[price] = %+v; want 2 cases, 1 exact, 2 acceptable", c)
	}
	if p := rep.Results[5].Problems; len(p) != 1 || p[0] != "missing X" {
		t.Errorf("Problems of a case missing a reason = %v; want [missing X]", p)
	}
	if m := rep.Missed(); len(m) != 4 {
		t.Errorf("Missed() = %v; want all four targets missed", m)
	}
	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"wrong (4)", "acceptable but not the wanted level (1)", "targets missed", "honest ok"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Write() = %q; want %q in it", b.String(), s)
		}
	}
}

func TestTargetsMet(t *testing.T) {
	var files []File
	for range 100 {
		files = append(files, file("honest", "amazon", market.LevelOK, market.LevelCaution))
	}
	n := 0
	// 3 at an accepted level (97 % exact) meet the targets; 11 (89 %) do not.
	for _, accepted := range []int{3, 11} {
		n = 0
		s := Scorer{Score: func(market.Listing, market.Context) market.Verdict {
			n++
			if n <= accepted {
				return market.Verdict{Level: market.LevelCaution}
			}
			return market.Verdict{Level: market.LevelOK}
		}}
		m := Evaluate(files, s).Missed()
		if met := len(m) == 0; met != (accepted == 3) {
			t.Errorf("with %d of 100 at an accepted level, Missed() = %v", accepted, m)
		}
	}
}
