// Package eval reads the scenario corpus (internal/score/testdata/scenarios,
// one JSON file per case) and measures a scorer against it: how often the
// level is the one a careful shopper wants, how often it is one they would
// accept, and the two errors that matter most — danger on an honest seller
// and no danger on a clear scam. The score package's tests and `make eval`
// (cmd/mkweval) share it, so the figures a test asserts are the figures
// the command prints.
package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Case is one file of the corpus. Field order is the file's field order.
type Case struct {
	Name     string `json:"name"`
	Category string `json:"category"` // one of Categories
	Class    string `json:"class"`    // one of Classes
	Source   string `json:"source"`   // one of Sources
	Models   string `json:"models"`   // what the case stands for, with its rule numbers

	// Unreadable is the page reader's answer for a product page it could
	// not read (captcha, 404, digital item…); the case then has no listing
	// and the verdict is the scorer's "could not read".
	Unreadable *market.UnreadableError `json:"unreadable,omitempty"`
	Listing    json.RawMessage         `json:"listing,omitempty"`
	Context    json.RawMessage         `json:"context,omitempty"`

	Want Want `json:"want"`

	// Verdict is written by -update, never by hand: a change in score or
	// reasons shows up in review as a diff of this field.
	Verdict *Recorded `json:"verdict,omitempty"`
}

// Want is what a careful shopper would want the badge to say.
type Want struct {
	Level market.Level `json:"level"`
	// Accept lists the other levels a careful person would also accept.
	Accept []market.Level `json:"accept,omitempty"`
	// BaselineSource the verdict must name; empty means none.
	BaselineSource string   `json:"baselineSource,omitempty"`
	Must           []string `json:"must,omitempty"`
	MustNot        []string `json:"mustNot,omitempty"`
	// Unreadable is the "could not read" code the verdict must carry;
	// empty means not checked (the level says whether it was read).
	Unreadable string `json:"unreadable,omitempty"`
}

// Recorded is the verdict the scorer gave when the file was last recorded.
type Recorded struct {
	Level          market.Level `json:"level"`
	Score          int          `json:"score"`
	Reasons        []string     `json:"reasons"` // codes, in display order
	BaselineSource string       `json:"baselineSource,omitempty"`
	Unreadable     string       `json:"unreadable,omitempty"`
}

// Record is v in the form a file records it.
func Record(v market.Verdict) Recorded {
	r := Recorded{Level: v.Level, Score: v.Score, Reasons: codes(v), BaselineSource: v.BaselineSource}
	if v.Unreadable != nil {
		r.Unreadable = v.Unreadable.Code
	}
	return r
}

// Equal reports whether r and o record the same verdict.
func (r Recorded) Equal(o Recorded) bool {
	return r.Level == o.Level && r.Score == o.Score && slices.Equal(r.Reasons, o.Reasons) &&
		r.BaselineSource == o.BaselineSource && r.Unreadable == o.Unreadable
}

// Categories are what a case is, not what a scorer says: scam (a clear
// scam: danger and nothing else), subtle, honest (never danger, not even
// as accepted) and unreadable.
var Categories = []string{"scam", "subtle", "honest", "unreadable"}

// Classes are the kinds of listing the issues name, so the figures show
// which kind a scorer gets wrong. README.md says what each holds.
var Classes = []string{
	"takeover", "impersonation", "lures", "new-seller", "price", "stakes", "item-class",
	"condition", "amazon", "delivery", "address", "names", "established", "reports",
	"bad-seller-input", "unreadable-page",
}

// Sources say where a case comes from: the article's rule text, a public
// case (DESIGN.md "Public evidence"), or a class of listing we model.
var Sources = []string{"article", "public-case", "class"}

// Levels are the levels a verdict can have.
var Levels = []market.Level{market.LevelOK, market.LevelCaution, market.LevelDanger, market.LevelUnknown}

// unreadableCodes are the readers' "could not read" codes (market/errors.go).
var unreadableCodes = []string{
	market.PageCaptcha, market.PageNotFound, market.PageError, market.NotProductPage, market.NoOffer,
	market.NoFeaturedOffer, market.DigitalItem, market.SignInPage, market.OtherMarketplace,
	market.UnknownLayout, market.EmptyPage, market.NotSellerPage, market.NotStorefront, market.UnknownMarket,
}

// File is a case read from disk, with its input decoded.
type File struct {
	Path    string
	Case    Case
	Listing market.Listing
	Context market.Context
}

// Load reads every *.json in dir (ReadFile each), sorted by file name. A
// corpus with a bad file, or with two cases of one name, is an error.
func Load(dir string, reasonCodes []string) ([]File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no scenarios in %s", dir)
	}
	var files []File
	var errs []error
	names := make(map[string]string)
	for _, p := range paths {
		f, err := ReadFile(p, reasonCodes)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, ok := names[f.Case.Name]; ok {
			errs = append(errs, fmt.Errorf("%s: name %q is also used by %s", p, f.Case.Name, prev))
		}
		names[f.Case.Name] = p
		files = append(files, f)
	}
	return files, errors.Join(errs...)
}

// ReadFile decodes one case strictly — a misspelt field in hand-written
// data must fail, not be ignored — and holds it to the corpus's rules.
// reasonCodes are the codes a scorer can emit; must and mustNot may name
// only those.
func ReadFile(path string, reasonCodes []string) (File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	f := File{Path: path}
	if err := strictJSON(b, &f.Case); err != nil {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Case.Listing) > 0 {
		if err := strictJSON(f.Case.Listing, &f.Listing); err != nil {
			return File{}, fmt.Errorf("%s: listing: %w", path, err)
		}
	}
	if len(f.Case.Context) > 0 {
		if err := strictJSON(f.Case.Context, &f.Context); err != nil {
			return File{}, fmt.Errorf("%s: context: %w", path, err)
		}
	}
	if err := f.Case.check(reasonCodes); err != nil {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// check holds a case to the corpus's own rules.
func (c Case) check(reasonCodes []string) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Name == "" || c.Models == "" {
		bad("name %q, models %q; want both written", c.Name, c.Models)
	}
	if !slices.Contains(Categories, c.Category) {
		bad("category %q; want one of %v", c.Category, Categories)
	}
	if !slices.Contains(Classes, c.Class) {
		bad("class %q; want one of %v", c.Class, Classes)
	}
	if !slices.Contains(Sources, c.Source) {
		bad("source %q; want one of %v", c.Source, Sources)
	}
	switch {
	case c.Unreadable != nil && len(c.Listing) > 0:
		bad("both unreadable and listing; a page that could not be read has no listing")
	case c.Unreadable == nil && len(c.Listing) == 0:
		bad("no listing")
	case c.Unreadable != nil && !slices.Contains(unreadableCodes, c.Unreadable.Code):
		bad("unreadable code %q; want one of %v", c.Unreadable.Code, unreadableCodes)
	}
	w := c.Want
	for _, lv := range append([]market.Level{w.Level}, w.Accept...) {
		if !slices.Contains(Levels, lv) {
			bad("level %q; want one of %v", lv, Levels)
		}
	}
	if slices.Contains(w.Accept, w.Level) {
		bad("accept %v repeats the expected level %s", w.Accept, w.Level)
	}
	// A clear scam that is not danger is a miss; an honest case that may
	// be danger is a false alarm. Neither can be the expectation.
	if c.Category == "scam" && (w.Level != market.LevelDanger || len(w.Accept) > 0) {
		bad("category scam wants %s (or %v); want danger only", w.Level, w.Accept)
	}
	if c.Category == "honest" && (w.Level == market.LevelDanger || slices.Contains(w.Accept, market.LevelDanger)) {
		bad("category honest accepts danger (%s, %v); want never", w.Level, w.Accept)
	}
	for _, code := range append(slices.Clone(w.Must), w.MustNot...) {
		if !slices.Contains(reasonCodes, code) {
			bad("reason %s is not a code the scorer has", code)
		}
	}
	if w.Unreadable != "" && !slices.Contains(unreadableCodes, w.Unreadable) {
		bad("want.unreadable %q; want one of %v", w.Unreadable, unreadableCodes)
	}
	switch b := w.BaselineSource; b {
	case "", market.BaselineCrowd, market.BaselineOffers, market.BaselineAmazon, market.BaselineListPrice:
	default:
		bad("want.baselineSource %q is not a baseline source", b)
	}
	return errors.Join(errs...)
}

// Write writes c to path in the corpus's one format: two-space indent,
// fields in struct order, "<" and "&" as themselves, a final newline.
func Write(path string, c Case) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func codes(v market.Verdict) []string {
	c := make([]string, 0, len(v.Reasons))
	for _, r := range v.Reasons {
		c = append(c, r.Code)
	}
	return c
}
