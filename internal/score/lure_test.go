package score

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bounds of the lure model on the corpus in testdata/lures: no honest
// text read as a request (a false 危険), and few requests missed.
const (
	maxLureFalseRequest = 0
	maxLureMiss         = 0.05
)

// lureCase is one text of the corpus and what it should read as.
type lureCase struct {
	text string
	want lure
}

// readLureCorpus reads files named *request.txt (every text a request)
// and the others (not a request; texts after a "## published" line are
// published contacts, the others nothing).
func readLureCorpus(t *testing.T, files ...string) []lureCase {
	t.Helper()
	var cases []lureCase
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join("testdata", "lures", file))
		if err != nil {
			t.Fatal(err)
		}
		want := noLure
		if strings.HasSuffix(file, "request.txt") {
			want = request
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "## published":
				want = published
			case line == "" || strings.HasPrefix(line, "#"):
			default:
				cases = append(cases, lureCase{line, want})
			}
		}
	}
	return cases
}

// TestLureCorpus measures readLure on the corpus the model was tuned on
// and on a held-out part written afterwards, and fails above the bounds
// on either. Run with -v to see the figures.
func TestLureCorpus(t *testing.T) {
	for _, part := range []struct {
		name  string
		files []string
		min   int
	}{
		{"tuning", []string{"request.txt", "honest.txt"}, 100},
		{"held-out", []string{"heldout_request.txt", "heldout_honest.txt"}, 20},
	} {
		t.Run(part.name, func(t *testing.T) { lureFigures(t, readLureCorpus(t, part.files...), part.min) })
	}
}

func lureFigures(t *testing.T, cases []lureCase, minEach int) {
	var requests, honest, falseRequest, missed, publishedWant, publishedGot int
	for _, c := range cases {
		got := readLure(c.text)
		switch c.want {
		case request:
			requests++
			if got != request {
				missed++
				t.Logf("missed request: %q", c.text)
			}
		default:
			honest++
			if got == request {
				falseRequest++
				t.Logf("honest text read as a request: %q", c.text)
			}
			if c.want == published {
				publishedWant++
				if got == published {
					publishedGot++
				} else {
					t.Logf("published contact not seen: %q (got %d)", c.text, got)
				}
			}
		}
	}
	if requests < minEach || honest < minEach {
		t.Fatalf("corpus has %d requests and %d honest texts; want at least %d of each", requests, honest, minEach)
	}
	t.Logf("requests %d, missed %d (%.1f %%); honest %d, read as request %d; published contacts seen %d/%d",
		requests, missed, 100*float64(missed)/float64(requests), honest, falseRequest, publishedGot, publishedWant)
	if falseRequest > maxLureFalseRequest {
		t.Errorf("%d honest texts read as requests; want at most %d", falseRequest, maxLureFalseRequest)
	}
	if rate := float64(missed) / float64(requests); rate >= maxLureMiss {
		t.Errorf("miss rate %.1f %%; want below %.0f %%", 100*rate, 100*maxLureMiss)
	}
}
