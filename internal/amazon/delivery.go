package amazon

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// months maps month names and abbreviations in the languages the
// marketplaces' interfaces are served in (en, de, fr, es, it, pt; ja and zh
// write 5月4日) to their number. "out" (pt, October) is left out: it is an
// English word.
var months = map[string]int{}

func init() {
	names := [][]string{
		{"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro"},
		{"february", "feb", "februar", "février", "févr", "fév", "febrero", "febbraio", "fevereiro", "fev"},
		{"march", "mar", "märz", "mars", "marzo", "março", "marco"},
		{"april", "apr", "avril", "avr", "abril", "abr", "aprile"},
		{"may", "mai", "mayo", "maggio", "mag", "maio"},
		{"june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"},
		{"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"},
		{"august", "aug", "août", "agosto", "ago"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"},
		{"october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro"},
		{"november", "nov", "novembre", "noviembre", "novembro"},
		{"december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre", "dezembro"},
	}
	for i, list := range names {
		for _, n := range list {
			months[n] = i + 1
		}
	}
	var alts []string
	for n := range months {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	// Longest first: "march" before "mar".
	sort.Slice(alts, func(i, j int) bool {
		return len(alts[i]) > len(alts[j]) || len(alts[i]) == len(alts[j]) && alts[i] < alts[j]
	})
	mon := `(` + strings.Join(alts, "|") + `)\.?`
	day := `(\d{1,2})\.?`
	dash := `\s*[-–~～〜至]\s*`
	// A range in words: "entre le 4 et le 23 mai", "del 4 al 23 de mayo",
	// "entre 4 e 23 de maio", "4. bis 23. Mai", "May 4 to 23".
	upTo := `(?:` + dash + `|\s+(?:et(?:\s+le)?|y(?:\s+el)?|e|und|bis|al|a|to|and)\s+)`
	dateRe = regexp.MustCompile(`(?i)` +
		`(\d{1,2})月\s*(\d{1,2})日(?:` + dash + `(?:(\d{1,2})月\s*)?(\d{1,2})日)?` + // 3月3日～10日
		`|\b` + day + upTo + day + `\s+(?:de\s+)?` + mon + `\b` + // 2-21 May, 3.-5. März
		`|\b` + mon + `\s+` + day + upTo + day + `\b` + // November 15-23
		`|\b` + day + `\s+(?:de\s+)?` + mon + `\b` + // 17 January, 3. März, 3 de marzo
		`|\b` + mon + `\s+` + day + `\b`) // Oct. 25, March 3
}

var dateRe *regexp.Regexp

// durationRe finds "within 4 to 5 weeks", "4～5週間", "1～2か月", "3-5 days".
var durationRe = regexp.MustCompile(`(?i)(\d{1,3})(?:\s*(?:to|bis|à|a|al|-|–|~|～|〜)\s*(\d{1,3}))?\s*` +
	`(weeks?|wochen|woche|semaines?|semanas?|settimane|settimana|週間|business days?|days?|tagen?|werktagen?|jours?|días|dias|giorni|日以内|営業日|months?|monaten?|monat|mois|meses|mes|mesi|mese|か月|ヶ月|カ月|ケ月)`)

// dispatchWords mark a duration as a delivery promise rather than, say, a
// return window.
var dispatchWords = regexp.MustCompile(`(?i)within|usually|dispatch|ships|innerhalb|versandfertig|expédié|sous|envío|enviado|spedizione|entro|通常|以内|発送|お届け`)

// parseDelivery reads a delivery promise. It returns nil when s says
// nothing about when the item comes.
func parseDelivery(s string) *market.Delivery {
	s = pagetext.Clean(s, maxText)
	if s == "" {
		return nil
	}
	d := &market.Delivery{Text: s}
	f := pagetext.Fold(s)
	parts := digitParts(f)
	if len(parts) == 0 {
		return nil
	}
	var dates []string
	for _, m := range findDates(parts) {
		dates = append(dates, matchDates(m)...)
	}
	if len(dates) > 0 {
		d.Earliest, d.Latest = dates[0], dates[len(dates)-1]
	}
	if m := findDuration(parts); m != nil && dispatchWords.MatchString(f) {
		n, _ := strconv.Atoi(m[1])
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		d.MaxDays = n * unitDays(strings.ToLower(m[3]))
	}
	if d.Earliest == "" && d.MaxDays == 0 {
		return nil
	}
	return d
}

// digitParts splits s at the ASCII marks no date or duration holds (all
// but letters, digits, _, spaces, '.', '-' and '~') and keeps the parts
// with a digit, which every date and duration has. No match of dateRe or
// durationRe spans a mark, and \b reads a mark as it reads either end of
// the text, so the parts give the matches s gives, with the slow patterns
// run over a few words instead of the whole sentence.
func digitParts(s string) []string {
	var parts []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !isMark(s[i]) {
			continue
		}
		if part := s[start:i]; strings.ContainsAny(part, "0123456789") {
			parts = append(parts, part)
		}
		start = i + 1
	}
	return parts
}

// findDates is dateRe.FindAllStringSubmatch(s, 8) for the digitParts of s.
func findDates(parts []string) [][]string {
	var all [][]string
	for _, part := range parts {
		all = append(all, dateRe.FindAllStringSubmatch(part, 8-len(all))...)
		if len(all) == 8 {
			break
		}
	}
	return all
}

// findDuration is durationRe.FindStringSubmatch(s) for the digitParts of s.
func findDuration(parts []string) []string {
	for _, part := range parts {
		if m := durationRe.FindStringSubmatch(part); m != nil {
			return m
		}
	}
	return nil
}

func isMark(c byte) bool {
	switch {
	case c >= 0x80, c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return false // multi-byte runes never hold an ASCII byte
	}
	return !strings.ContainsRune("_ .-~\t\n\f\r", rune(c))
}

func unitDays(unit string) int {
	switch {
	case strings.HasPrefix(unit, "week"), strings.HasPrefix(unit, "woche"), strings.HasPrefix(unit, "semai"),
		strings.HasPrefix(unit, "semana"), strings.HasPrefix(unit, "settiman"), unit == "週間":
		return 7
	case strings.HasPrefix(unit, "month"), strings.HasPrefix(unit, "monat"), unit == "mois",
		strings.HasPrefix(unit, "mes"), strings.HasSuffix(unit, "月"):
		// Upper bound: a month can be 31 days.
		return 31
	}
	return 1
}

// matchDates turns one dateRe match into "MM-DD" strings.
func matchDates(m []string) []string {
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	switch {
	case m[1] != "": // JA
		mon, day := num(m[1]), num(m[2])
		out := []string{mmdd(mon, day)}
		if m[4] != "" {
			mon2 := mon
			if m[3] != "" {
				mon2 = num(m[3])
			}
			out = append(out, mmdd(mon2, num(m[4])))
		}
		return compact(out)
	case m[5] != "": // day-day month
		mon := months[strings.ToLower(m[7])]
		return compact([]string{mmdd(mon, num(m[5])), mmdd(mon, num(m[6]))})
	case m[8] != "": // month day-day
		mon := months[strings.ToLower(m[8])]
		return compact([]string{mmdd(mon, num(m[9])), mmdd(mon, num(m[10]))})
	case m[11] != "": // day month
		return compact([]string{mmdd(months[strings.ToLower(m[12])], num(m[11]))})
	case m[13] != "": // month day
		return compact([]string{mmdd(months[strings.ToLower(m[13])], num(m[14]))})
	}
	return nil
}

// mmdd formats a month and day, or "" when they cannot be a date.
func mmdd(mon, day int) string {
	if mon < 1 || mon > 12 || day < 1 || day > 31 {
		return ""
	}
	return fmt.Sprintf("%02d-%02d", mon, day)
}

func compact(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// buyBoxDelivery is the buy-box offer's delivery promise, with the
// dispatch time of the availability line as its longest wait.
func buyBoxDelivery(doc *htmlindex.Page) *market.Delivery {
	d := promisedDelivery(doc)
	// "Usually dispatched within 4 to 5 weeks" sits in the availability line.
	if avail := parseDelivery(text(doc.Find(productPage.availability).First())); avail != nil && avail.MaxDays > 0 {
		if d == nil {
			return avail
		}
		d.MaxDays = avail.MaxDays
	}
	return d
}

// promisedDelivery is the first delivery promise the page makes.
func promisedDelivery(doc *htmlindex.Page) *market.Delivery {
	for _, sel := range productPage.delivery {
		s := doc.Find(sel).First()
		if s.Length() == 0 {
			continue
		}
		t := text(s)
		if at, ok := find(s, productPage.deliveryTime).First().Attr("data-csa-c-delivery-time"); ok {
			if d := parseDelivery(at); d != nil {
				d.Text = pagetext.Clean(t, maxText)
				return d
			}
		}
		if d := parseDelivery(t); d != nil {
			return d
		}
	}
	return nil
}
