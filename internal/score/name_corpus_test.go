package score

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bounds of the name model on the corpus in testdata/names: real seller
// names called random (false positives) and mash caught.
const (
	maxNameFalsePositive = 0.01
	minNameCatch         = 0.90
)

// readLines reads a corpus file: one entry a line, "#" lines are comments.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// halves splits a corpus into a training half (even lines, used to tune
// Thresholds.Name) and a held-out half (odd lines).
func halves(lines []string) (train, held []string) {
	for i, l := range lines {
		if i%2 == 0 {
			train = append(train, l)
		} else {
			held = append(held, l)
		}
	}
	return train, held
}

// TestNameCorpus measures R5 on several hundred real seller names and a
// few dozen keyboard-mash names, on both halves, and fails outside the
// bounds. Run with -v to see the figures.
func TestNameCorpus(t *testing.T) {
	real := readLines(t, filepath.Join("testdata", "names", "real.txt"))
	mash := readLines(t, filepath.Join("testdata", "names", "mash.txt"))
	if len(real) < 400 || len(mash) < 40 {
		t.Fatalf("corpus has %d real and %d mash names; want at least 400 and 40", len(real), len(mash))
	}
	realTrain, realHeld := halves(real)
	mashTrain, mashHeld := halves(mash)
	for _, h := range []struct {
		name       string
		real, mash []string
	}{{"train", realTrain, mashTrain}, {"held-out", realHeld, mashHeld}, {"all", real, mash}} {
		fp := 0
		for _, n := range h.real {
			if SloppyName(n) {
				fp++
				t.Logf("%s: real name called random: %q (score %.2f)", h.name, n, Default.Name.score(n))
			}
		}
		caught := 0
		for _, n := range h.mash {
			if SloppyName(n) {
				caught++
			} else {
				t.Logf("%s: mash not caught: %q (score %.2f)", h.name, n, Default.Name.score(n))
			}
		}
		fpRate := float64(fp) / float64(len(h.real))
		catch := float64(caught) / float64(len(h.mash))
		t.Logf("%s: false positives %d/%d (%.1f %%), mash caught %d/%d (%.1f %%)",
			h.name, fp, len(h.real), 100*fpRate, caught, len(h.mash), 100*catch)
		if fpRate >= maxNameFalsePositive {
			t.Errorf("%s: false-positive rate %.2f %%; want below %.0f %%", h.name, 100*fpRate, 100*maxNameFalsePositive)
		}
		if catch < minNameCatch {
			t.Errorf("%s: catch rate %.1f %%; want at least %.0f %%", h.name, 100*catch, 100*minNameCatch)
		}
	}
}
