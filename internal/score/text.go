package score

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// fold is text as the word rules compare it: NFKC (full-width letters
// and digits, half-width kana and compatibility forms become the plain
// ones), lower case, and runs of spaces as one space.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFKC.String(s))), " ")
}

// containsAny reports whether folded text contains one of phrases.
func containsAny(text string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}
