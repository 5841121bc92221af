// Package explain turns a verdict into the sentences a shopper reads, in
// Japanese or English. The sentences live in the extension's
// _locales/*/messages.json (embedded by package extension), so the badge,
// the CLI and the wasm checker say exactly the same thing. It is pure: the
// wasm bridge calls it too.
package explain

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/mikiwame/mikiwame/extension"
	"github.com/mikiwame/mikiwame/internal/market"
)

// Explanation is a verdict in words.
type Explanation struct {
	Level   market.Level `json:"level"`
	Title   string       `json:"title"`
	Summary string       `json:"summary"`
	Reasons []Reason     `json:"reasons"`
	// Baseline says which market price the price check used, if any.
	Baseline string `json:"baseline,omitempty"`
}

// Reason is one finding in words.
type Reason struct {
	Code     string          `json:"code"`
	Severity market.Severity `json:"severity"`
	Text     string          `json:"text"`
}

// Lang normalises a language tag to one we have sentences for
// (market.Languages): its primary subtag (ja for ja, ja-JP, ja_JP.UTF-8),
// else market.FallbackLanguage.
func Lang(lang string) string {
	primary := strings.ToLower(lang)
	if i := strings.IndexAny(primary, "-_."); i >= 0 {
		primary = primary[:i]
	}
	if slices.Contains(market.Languages(), primary) {
		return primary
	}
	return market.FallbackLanguage
}

// Explain words v in lang ("ja" or "en"; anything else gets English).
func Explain(v market.Verdict, lang string) Explanation {
	lang = Lang(lang)
	level := v.Level
	if level == "" {
		level = market.LevelUnknown
	}
	e := Explanation{
		Level:   level,
		Title:   Message(lang, "level_"+string(level), nil),
		Summary: Message(lang, "summary_"+string(level), nil),
		Reasons: make([]Reason, 0, len(v.Reasons)),
	}
	if u := v.Unreadable; u != nil {
		e.Summary = Message(lang, "summary_unreadable", nil)
		if _, ok := catalogue(lang)["unreadable_"+u.Code]; ok {
			e.Summary = Message(lang, "unreadable_"+u.Code, nil)
		}
	}
	for _, r := range v.Reasons {
		e.Reasons = append(e.Reasons, Reason{Code: r.Code, Severity: r.Severity, Text: Message(lang, "reason_"+r.Code, r.Params)})
	}
	if v.BaselineSource != "" && v.Baseline != nil {
		e.Baseline = Message(lang, "baseline_"+v.BaselineSource, map[string]any{"baseline": *v.Baseline})
	}
	return e
}

var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// Message is the sentence key in lang with its {placeholders} filled from
// params. A missing sentence gives the key and a missing parameter stays
// visible as {name}: a gap a shopper can report beats a crash.
func Message(lang, key string, params map[string]any) string {
	msg, ok := catalogue(Lang(lang))[key]
	if !ok {
		return key
	}
	return placeholder.ReplaceAllStringFunc(msg, func(m string) string {
		name := m[1 : len(m)-1]
		v, ok := params[name]
		if !ok {
			return m
		}
		if w, ok := named(Lang(lang), name, v); ok {
			return w
		}
		return Value(v)
	})
}

var (
	catalogueOnce sync.Once
	catalogues    map[string]map[string]string
)

// catalogue is lang's messages.json as key → message, read once.
func catalogue(lang string) map[string]string {
	catalogueOnce.Do(func() {
		catalogues = map[string]map[string]string{
			"ja": parse(extension.MessagesJA),
			"en": parse(extension.MessagesEN),
		}
	})
	return catalogues[lang]
}

func parse(data []byte) map[string]string {
	var raw map[string]struct {
		Message string `json:"message"`
	}
	// A broken catalogue is caught by the tests; at run time it leaves
	// the keys showing rather than failing the verdict.
	if err := json.Unmarshal(data, &raw); err != nil {
		return map[string]string{}
	}
	m := make(map[string]string, len(raw))
	for k, v := range raw {
		m[k] = v.Message
	}
	return m
}
