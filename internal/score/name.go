package score

// R5: a sloppy seller name (出品者の名称がいい加減): random letters,
// keyboard mash, odd casing, a pasted romanised shell-company name. A
// small character model scores the name; its weights are Thresholds.Name
// and the cut is Thresholds.SloppyName.

import (
	"strings"
	"unicode"

	"github.com/mikiwame/mikiwame/internal/market"
)

// nameRule is R5.
func (t Thresholds) nameRule(j *judgement, s sellerFacts) {
	if s.name != "" && t.Name.score(s.name) >= t.SloppyName {
		j.add(reason(SloppySellerName, market.SeverityMedium, t.PointsMedium, "name", s.name))
	}
}

// SloppyName reports whether a seller name looks like random letters
// (R5) under the Default thresholds.
func SloppyName(name string) bool { return Default.Name.score(name) >= Default.SloppyName }

// score is a small character-level model: each feature below adds
// evidence that a name was typed without care. No single feature is
// meant to decide alone unless it is near-impossible in a real name.
//
// Latin-script checks run only on Latin runs, so Japanese and Chinese
// names (株式会社ABC商事, 深圳市华强电子有限公司) are never judged by
// rules about vowels and keyboards.
func (m NameModel) score(name string) float64 {
	score := 0.0
	for _, word := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		// Latin mixed with Cyrillic or Greek inside one word is the
		// homoglyph trick ("Amazоn" with a Cyrillic о); real names never
		// need it. Latin next to kanji or kana is normal in Japan.
		if hasScript(word, unicode.Latin) && (hasScript(word, unicode.Cyrillic) || hasScript(word, unicode.Greek)) {
			score += m.Homoglyph
		}
		for _, run := range latinRuns(word) {
			score += m.latin(run)
		}
	}
	return score
}

func hasScript(s string, t *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.Is(t, r) {
			return true
		}
	}
	return false
}

// latinRuns splits a word into its runs of Latin letters and digits.
func latinRuns(word string) [][]rune {
	var runs [][]rune
	var cur []rune
	for _, r := range word {
		if unicode.Is(unicode.Latin, r) || (r < 0x80 && unicode.IsDigit(r)) {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

// legalForms are company suffixes without vowels or with odd casing
// that are part of honest names (GmbH, Ltd).
var legalForms = map[string]bool{
	"gmbh": true, "ltd": true, "llc": true, "inc": true, "co": true, "kk": true, "srl": true,
	"sarl": true, "bv": true, "sl": true, "spa": true, "plc": true, "pty": true, "ag": true,
	"kg": true, "ohg": true, "ug": true, "sas": true, "sro": true, "nv": true,
}

// latin rates one run of Latin letters and digits.
func (m NameModel) latin(run []rune) float64 {
	var letters []rune
	upper := 0
	for _, r := range run {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	lower := []rune(strings.ToLower(string(letters)))
	n := len(letters)
	allUpper, allLower := upper == n, upper == 0
	score := 0.0

	// Letters and digits shuffled together ("a1b2c3") do not form words or
	// model numbers; one switch ("Oasis1270", "Shop24") is a common way to
	// make a name unique, so it weighs little.
	switch d := digitSwitches(run); {
	case d >= 3:
		score += m.DigitSwitches3
	case d == 2:
		score += m.DigitSwitches2
	case d == 1:
		score += m.DigitSwitches1
	}

	if n < m.MinLetters || (allUpper && n <= m.MinLetters) || legalForms[string(lower)] {
		return score // too short to judge, an acronym (HMV, JBL) or a legal form
	}

	// Every pronounceable word in a Latin-script language has a vowel
	// (y included: "Lynx", "Gym").
	vowels, run5 := 0, 0
	cons := 0
	for _, r := range lower {
		if isVowel(r) {
			vowels++
			cons = 0
			continue
		}
		cons++
		run5 = max(run5, cons)
	}
	if vowels == 0 {
		score += m.NoVowel
	}
	// Long consonant runs: English and German top out around five
	// ("strengths", "Deutschland"); six or more is a mash.
	switch {
	case run5 > m.ConsonantRun:
		score += m.ConsonantRunLonger
	case run5 == m.ConsonantRun:
		score += m.ConsonantRunAt
	}

	// Case flips inside a word: one is CamelCase ("iPhone", "DeWalt"),
	// two happen ("eBookJapan"), three or more is random ("XxYyZzQq").
	switch f := caseFlips(letters); {
	case f >= 3:
		score += m.CaseFlips3
	case f == 2:
		score += m.CaseFlips2
	}

	// Keyboard runs: four or more keys side by side on one row ("qwer",
	// "asdf", "vcxz") are what a hand does, not a language.
	if keyboardRun(lower) >= m.KeyboardRun {
		score += m.KeyboardRunWeight
	}
	// Only home-row or bottom-row keys: those rows hold one vowel between
	// them, so a long word typed from them alone is a mash ("hjkdsfg").
	if n >= m.OneRowLetters && (oneRow(lower, "asdfghjkl") || oneRow(lower, "zxcvbnm")) {
		score += m.OneRowWeight
	}

	// Repeats: a letter three times running ("shoppp") never happens in
	// names; many doubled pairs ("xxyyzz") rarely.
	triples, pairs := repeats(lower)
	if triples > 0 {
		score += m.Triple
	}
	if pairs >= m.Pairs {
		score += m.PairsWeight
	}

	// A romanised company name pasted as one block ("XIAOYANSHANGMAO"):
	// real brands that long are spaced or CamelCased. Alone it is not
	// enough; together with a clean pinyin reading it is the pattern of
	// the throw-away shell sellers of the 2017 wave.
	if n >= m.BlockLetters && (allUpper || allLower) {
		score += m.Block
	}
	if n >= m.PinyinLetters && (allUpper || allLower) && pinyin(string(lower)) >= m.PinyinSyllables {
		score += m.Pinyin
	}
	return score
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y',
		'à', 'á', 'â', 'ã', 'ä', 'å', 'æ', 'è', 'é', 'ê', 'ë', 'ì', 'í', 'î', 'ï',
		'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'œ', 'ù', 'ú', 'û', 'ü', 'ý', 'ÿ':
		return true
	}
	return false
}

// digitSwitches counts changes between a letter and a digit.
func digitSwitches(run []rune) int {
	n := 0
	for i := 1; i < len(run); i++ {
		if unicode.IsDigit(run[i]) != unicode.IsDigit(run[i-1]) {
			n++
		}
	}
	return n
}

// caseFlips counts lower-to-upper changes.
func caseFlips(letters []rune) int {
	n := 0
	for i := 1; i < len(letters); i++ {
		if unicode.IsLower(letters[i-1]) && unicode.IsUpper(letters[i]) {
			n++
		}
	}
	return n
}

var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyboardRun is the longest stretch of letters each next to the one
// before on the same keyboard row, in either direction.
func keyboardRun(s []rune) int {
	best, cur := 1, 1
	for i := 1; i < len(s); i++ {
		if adjacentKeys(s[i-1], s[i]) {
			cur++
			best = max(best, cur)
		} else {
			cur = 1
		}
	}
	return best
}

func adjacentKeys(a, b rune) bool {
	for _, row := range keyboardRows {
		i, j := strings.IndexRune(row, a), strings.IndexRune(row, b)
		if i >= 0 && j >= 0 && (i-j == 1 || j-i == 1) {
			return true
		}
	}
	return false
}

func oneRow(s []rune, row string) bool {
	for _, r := range s {
		if !strings.ContainsRune(row, r) {
			return false
		}
	}
	return true
}

// repeats counts letters repeated three times running and doubled pairs.
func repeats(s []rune) (triples, pairs int) {
	for i := 1; i < len(s); i++ {
		if s[i] != s[i-1] {
			continue
		}
		if i >= 2 && s[i-2] == s[i] {
			triples++
		} else {
			pairs++
		}
	}
	return triples, pairs
}

// Pinyin syllables, generously: every initial with every final. Over-
// generation is harmless because only long unbroken runs are tested.
var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
		"j", "q", "x", "r", "z", "c", "s", "y", "w"}
	pinyinFinals = []string{"iang", "iong", "uang", "ang", "eng", "ing", "ong", "iao", "ian", "uai", "uan",
		"ai", "ei", "ui", "ao", "ou", "iu", "ie", "ue", "an", "en", "in", "un", "ia", "ua", "uo",
		"a", "o", "e", "i", "u", "v"}
	pinyinBare = []string{"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"}
)

// pinyinSyllables holds every syllable; pinyinLongest is the length of
// the longest ("zhuang").
var pinyinSyllables, pinyinLongest = func() (map[string]bool, int) {
	m := make(map[string]bool)
	for _, i := range pinyinInitials {
		for _, f := range pinyinFinals {
			m[i+f] = true
		}
	}
	for _, f := range pinyinBare {
		m[f] = true
	}
	longest := 0
	for syl := range m {
		longest = max(longest, len(syl))
	}
	return m, longest
}()

// pinyin is the fewest pinyin syllables s splits wholly into
// (xiao·yan·shang·mao: 4), or -1 when it does not split.
func pinyin(s string) int {
	// best[i] is the fewest syllables covering s[:i], -1 if none do.
	best := make([]int, len(s)+1)
	for i := range best {
		best[i] = -1
	}
	best[0] = 0
	for i := 1; i <= len(s); i++ {
		for k := 1; k <= pinyinLongest && k <= i; k++ {
			if best[i-k] >= 0 && pinyinSyllables[s[i-k:i]] && (best[i] < 0 || best[i-k]+1 < best[i]) {
				best[i] = best[i-k] + 1
			}
		}
	}
	return best[len(s)]
}
