// Package textnorm puts text written by sellers into one form before the
// scorer reads it: NFKC (full-width ＬＩＮＥ and ＩＤ, circled and
// mathematical letters become plain ones), no invisible format
// characters, and, for names, Unicode's confusable skeleton, so that a
// name written with look-alike letters ("Аmazon" with a Cyrillic А,
// "Amaz0n") reads as what it pretends to be.
package textnorm

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Plain is s as word rules compare it: NFKC (full-width letters and
// digits, half-width kana become the plain ones), without format characters
// (zero-width spaces and joiners), lower case, runs of white space as one
// space.
func Plain(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Fold is Plain with letters written one by one ("L I N E",
// "W.h.a.t.s.A.p.p") joined back into a word, for text that may hide a
// name from a word rule.
func Fold(s string) string { return joinSpelled(Plain(s)) }

// joinSpelled joins runs of at least three single Latin letters or
// digits separated by one space, dot or hyphen: "l i n e" → "line".
func joinSpelled(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		j, n := i, 0
		for j < len(rs) && isSingle(rs, j) {
			n++
			if j+2 < len(rs) && isSep(rs[j+1]) && isSingle(rs, j+2) {
				j += 2
				continue
			}
			j++
			break
		}
		if n >= 3 {
			for k := i; k < j; k++ {
				if !isSep(rs[k]) {
					b.WriteRune(rs[k])
				}
			}
			i = j
			continue
		}
		b.WriteRune(rs[i])
		i++
	}
	return b.String()
}

// isSingle: rs[i] is a Latin letter or digit with no other one on
// either side (kana or kanji may touch it: "はl i n eで").
func isSingle(rs []rune, i int) bool {
	alnum := func(k int) bool {
		return k >= 0 && k < len(rs) && rs[k] < 0x80 && (unicode.IsLetter(rs[k]) || unicode.IsDigit(rs[k]))
	}
	return rs[i] < 0x80 && alnum(i) && !alnum(i-1) && !alnum(i+1)
}

func isSep(r rune) bool { return r == ' ' || r == '.' || r == '-' }

// Skeleton is s as the letters it looks like: NFKC, then every
// confusable character as its ASCII prototype (Cyrillic а → a, Greek ο →
// o, 0 → o, 1 and I → l), in lower case with i and l as one letter, so
// that "AMAZ0N", "Аmazon" and "amazon" have one skeleton and "N1KE"
// reads as "NIKE". Characters with no ASCII look-alike stay as they are.
func Skeleton(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.Is(unicode.Cf, r) {
			continue
		}
		if i, ok := slices.BinarySearch(confusableFrom, r); ok {
			r = rune(confusableTo[i])
		}
		r = unicode.ToLower(r)
		if r == 'i' {
			r = 'l'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MixedScript reports whether one word of s mixes Latin letters with
// Cyrillic or Greek ones: real names never need it, the homoglyph trick
// does ("Amazоn" with a Cyrillic о). Latin beside kanji or kana is
// ordinary Japanese, and full-width Latin is Latin after NFKC.
func MixedScript(s string) bool {
	for _, word := range strings.FieldsFunc(norm.NFKC.String(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r)
	}) {
		latin, other := false, false
		for _, r := range word {
			latin = latin || unicode.Is(unicode.Latin, r)
			other = other || unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r)
		}
		if latin && other {
			return true
		}
	}
	return false
}
