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

// nameRule is R5. A romanised Chinese company name is not careless;
// it is said, as information, that the seller is probably abroad.
func (t Thresholds) nameRule(j *judgement, s sellerFacts) {
	switch {
	case s.name == "":
	case t.Name.score(s.name) >= t.SloppyName:
		j.add(reason(SloppySellerName, market.SeverityMedium, t.PointsMedium, "name", s.name))
	case t.Name.pinyinName(s.name):
		j.add(reason(SellerNamePinyin, market.SeverityInfo, 0, "name", s.name))
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
	allUpper := upper == n
	score := 0.0

	// Letters and digits shuffled together ("a1b2c3") do not form words or
	// model numbers; one switch ("Oasis1270", "Shop24", "3M") is a common
	// way to make a name unique, so it weighs little. Shuffled letters
	// without a vowel ("HJK8832LL", "ZX88QW") are no word either.
	d := digitSwitches(run)
	switch {
	case d >= 3:
		score += m.DigitSwitches3
	case d == 2:
		score += m.DigitSwitches2
	case d == 1:
		score += m.DigitSwitches1
	}
	if d >= 2 && n >= 3 && vowelCount(lower) == 0 {
		score += m.NoVowel
	}

	if n < m.MinLetters || (allUpper && n <= m.MinLetters) || legalForms[string(lower)] {
		return score // too short to judge, an acronym (HMV, JBL) or a legal form
	}
	// A romanised Chinese company name ("ShenZhenShiXinYuanMaoYi",
	// "XIAOYANSHANGMAO") reads wholly as pinyin: a cross-border seller
	// (pinyinName), not a careless one. Its capitals and consonants
	// follow the syllables, so the rules below do not apply.
	if n >= m.PinyinLetters && pinyin(string(lower)) >= m.PinyinSyllables {
		return score
	}

	// Every pronounceable word in a Latin-script language has a vowel
	// (y included: "Lynx", "Gym").
	if vowelCount(lower) == 0 {
		score += m.NoVowel
	}
	// Long consonant runs, counted in sounds (sch, ch, ng… are one):
	// German tops out around five ("Angstschweiß", "Kunststoff"); more is
	// a mash.
	switch c := consonantRun(lower); {
	case c > m.ConsonantRun:
		score += m.ConsonantRunLonger
	case c == m.ConsonantRun:
		score += m.ConsonantRunAt
	}

	// Case islands, a letter whose case differs from both neighbours:
	// CamelCase makes one per joined word ("iPhone", "BestDealBooks": 2),
	// random casing makes one per letter ("XxYyZzQq": 6).
	switch f := caseIslands(letters); {
	case f >= m.CaseIslands:
		score += m.CaseIslandsWeight
	case f == m.CaseIslands-1:
		score += m.CaseIslandsFewer
	}

	// Keyboard walks: keys side by side on one row ("qwer", "vcxz"), or
	// mostly neighbouring keys in any direction ("qazwsx", "edcrfv",
	// "QWEASD") are what a hand does, not a language.
	keys := dedupe(lower)
	if keyboardRun(keys) >= m.KeyboardRun {
		score += m.KeyboardRunWeight
	} else if len(keys) >= m.NeighbourLetters && neighbourShare(keys) >= m.NeighbourShare {
		score += m.KeyboardRunWeight
	}
	// Only home-row or bottom-row keys: those rows hold one vowel between
	// them, so a long word typed from them alone is a mash ("hjkdsfg").
	if n >= m.OneRowLetters && (oneRow(lower, "asdfghjkl") || oneRow(lower, "zxcvbnm")) {
		score += m.OneRowWeight
	}

	// Letter pairs European languages and pinyin do not write ("qz",
	// "xq", "vx", a q before anything but u or i): random letters with
	// vowels in between ("Kixowaqz") still make them.
	switch r := rareBigrams(lower); {
	case r >= 2:
		score += m.RareBigrams2
	case r == 1:
		score += m.RareBigrams1
	}
	// Many different rare letters in one word ("Yoqzuvex": q, z, v, x) is
	// what random typing gives; a real word holds one or two ("Vázquez").
	if distinctIn(lower, "jqvxz") >= m.RareLetters {
		score += m.RareLettersWeight
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

	// One long unbroken single-case block that is no pinyin: real brands
	// that long are spaced or CamelCased.
	if n >= m.BlockLetters && (allUpper || upper == 0) {
		score += m.Block
	}
	return score
}

// pinyinName reports whether name holds a romanised Chinese company
// name as one block (R5's cross-border fact).
func (m NameModel) pinyinName(name string) bool {
	for _, word := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		lower := strings.ToLower(word)
		if len([]rune(lower)) >= m.PinyinLetters && pinyin(lower) >= m.PinyinSyllables {
			return true
		}
	}
	return false
}

func vowelCount(s []rune) int {
	n := 0
	for _, r := range s {
		if isVowel(r) {
			n++
		}
	}
	return n
}

// consonantClusters are written with several letters for one sound.
var consonantClusters = []string{"sch", "tch", "ch", "sh", "th", "ph", "ck", "ng", "gh", "tz", "qu", "zh", "dj"}

// consonantRun is the longest run of consonant sounds in s.
func consonantRun(s []rune) int {
	best, cur := 0, 0
	for i := 0; i < len(s); {
		if isVowel(s[i]) || !unicode.IsLetter(s[i]) {
			cur = 0
			i++
			continue
		}
		step := 1
		for _, c := range consonantClusters {
			if strings.HasPrefix(string(s[i:]), c) {
				step = len(c)
				break
			}
		}
		cur++
		best = max(best, cur)
		i += step
	}
	return best
}

// distinctIn counts the distinct letters of set found in s.
func distinctIn(s []rune, set string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		if strings.ContainsRune(set, r) {
			seen[r] = true
		}
	}
	return len(seen)
}

// dedupe drops a letter that repeats the one before ("qqwwee" → "qwe").
func dedupe(s []rune) []rune {
	var out []rune
	for i, r := range s {
		if i == 0 || r != s[i-1] {
			out = append(out, r)
		}
	}
	return out
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

// caseIslands counts the inner letters whose case differs from the
// letters on both sides.
func caseIslands(letters []rune) int {
	n := 0
	for i := 1; i+1 < len(letters); i++ {
		u := unicode.IsUpper(letters[i])
		if u != unicode.IsUpper(letters[i-1]) && u != unicode.IsUpper(letters[i+1]) {
			n++
		}
	}
	return n
}

var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyboardRun is the longest stretch of letters each next to the one
// before on the same keyboard row, in either direction, never going
// back to the key before ("ertr" is two steps and a return, not a walk).
func keyboardRun(s []rune) int {
	best, cur := 1, 1
	for i := 1; i < len(s); i++ {
		if sameRowNeighbours(s[i-1], s[i]) && (i < 2 || s[i] != s[i-2]) {
			cur++
			best = max(best, cur)
		} else {
			cur = 1
		}
	}
	return best
}

func sameRowNeighbours(a, b rune) bool {
	for _, row := range keyboardRows {
		i, j := strings.IndexRune(row, a), strings.IndexRune(row, b)
		if i >= 0 && j >= 0 && (i-j == 1 || j-i == 1) {
			return true
		}
	}
	return false
}

// keyPos is a key's row and column on a QWERTY keyboard; each row sits
// half a key right of the one above, so (r, c) touches (r+1, c-1) and
// (r+1, c).
func keyPos(r rune) (row, col int, ok bool) {
	for i, keys := range keyboardRows {
		if c := strings.IndexRune(keys, r); c >= 0 {
			return i, c, true
		}
	}
	return 0, 0, false
}

func neighbours(a, b rune) bool {
	ra, ca, ok1 := keyPos(a)
	rb, cb, ok2 := keyPos(b)
	if !ok1 || !ok2 || a == b {
		return false
	}
	switch rb - ra {
	case 0:
		return cb-ca == 1 || ca-cb == 1
	case 1:
		return cb == ca || cb == ca-1
	case -1:
		return cb == ca || cb == ca+1
	}
	return false
}

// neighbourShare is the share of letter pairs in s that are touching keys.
func neighbourShare(s []rune) float64 {
	if len(s) < 2 {
		return 0
	}
	n := 0
	for i := 1; i < len(s); i++ {
		if neighbours(s[i-1], s[i]) {
			n++
		}
	}
	return float64(n) / float64(len(s)-1)
}

// rareLetters rarely stand next to each other in European words or pinyin.
const rareLetters = "jkqvxz"

// rareBigrams counts pairs of rare letters side by side and q before a
// letter other than u or i. W and f are left out: German compounds join
// them to anything (Stoffwerk, Kaufwelt).
func rareBigrams(s []rune) int {
	n := 0
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		switch {
		case a == b:
		case a == 'q' && b != 'u' && b != 'i':
			n++
		case b == 'q' && i+1 < len(s) && s[i+1] == 'u':
			// "zqu" is Spanish (Vázquez, Velázquez).
		case strings.ContainsRune(rareLetters, a) && strings.ContainsRune(rareLetters, b):
			n++
		}
	}
	return n
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
