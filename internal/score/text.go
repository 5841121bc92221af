package score

import (
	"strings"

	"github.com/mikiwame/mikiwame/internal/textnorm"
)

// fold is text as the word rules compare it (textnorm.Plain).
func fold(s string) string { return textnorm.Plain(s) }

// containsAny reports whether folded text contains one of phrases.
func containsAny(text string, phrases []string) bool {
	for _, p := range phrases {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}
