package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Limits of the input.
const (
	maxObservations = 50
	maxNoteRunes    = 500
	maxPrice        = 10_000_000_000 // minor units: ¥10 billion, $100 million
)

// readJSON checks the content type and reads a body of at most limit
// bytes.
func readJSON(r *http.Request, w http.ResponseWriter, limit int64) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" || (params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return nil, &InputError{Status: http.StatusUnsupportedMediaType, Field: "Content-Type", Message: "want application/json"}
	}
	tooLarge := &InputError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("body larger than %d bytes", limit)}
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLarge
	case err != nil:
		return nil, &InputError{Message: "could not read the body"}
	}
	return body, nil
}

// decodeStrict decodes one JSON value into v: valid UTF-8, no unknown
// fields, nothing after it.
func decodeStrict(body []byte, v any) error {
	if !utf8.Valid(body) {
		// encoding/json would quietly turn bad bytes into U+FFFD.
		return invalid("", "body is not valid UTF-8")
	}
	if err := checkKeys(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("", "unexpected data after the JSON object")
	}
	return nil
}

// fieldNames are the API's JSON field names, exactly as spelled.
var fieldNames = map[string]string{}

func init() {
	for _, n := range []string{"observations", "marketplace", "asin", "price", "currency", "condition", "sellerKind", "sellerId", "reasons", "note", "challenge", "nonce"} {
		fieldNames[strings.ToLower(n)] = n
	}
}

// checkKeys refuses what encoding/json lets through quietly: a key given
// twice in one object (the last would win), two keys that differ only in
// case, and a field name in the wrong case (which would match). Syntax
// errors are left to the decoder, which names them better.
func checkKeys(body []byte) error {
	type frame struct {
		object, wantKey bool
		keys            map[string]string // lower case → as given
	}
	var stack []*frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if n := len(stack); n > 0 && stack[n-1].wantKey {
			top := stack[n-1]
			if k, ok := tok.(string); ok {
				low := strings.ToLower(k)
				if prev, seen := top.keys[low]; seen {
					if prev == k {
						return invalid(k, "given twice in one object")
					}
					return invalid(k, "keys %s and %s differ only in case", quote(prev), quote(k))
				}
				if want, known := fieldNames[low]; known && want != k {
					return invalid(k, "unknown field: did you mean %s? Names are case-sensitive", quote(want))
				}
				top.keys[low], top.wantKey = k, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, keys: map[string]string{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			valueDone()
		}
	}
}

func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return invalid("", "empty body: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("", "malformed JSON: it ends too early")
	case errors.As(err, &syn):
		return invalid("", "malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalid("", "want a JSON object, got %s", typ.Value)
		}
		return invalid(typ.Field, "want %s, got %s", kind(typ.Type.Kind().String()), typ.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return invalid(strings.Trim(name, `"`), "unknown field")
	}
	return invalid("", "malformed JSON")
}

// kind names a Go kind the way a JSON user thinks of it.
func kind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"), strings.HasPrefix(k, "float"):
		return "a whole number"
	case k == "string":
		return "a string"
	case k == "slice", k == "array":
		return "an array"
	case k == "struct", k == "map":
		return "an object"
	}
	return k
}

// observationsRequest keeps the items raw so that each is decoded on its
// own and every error can name its index: observations[3].price.
type observationsRequest struct {
	Observations []json.RawMessage `json:"observations"`
}

// decodeObservations decodes and validates POST /v1/observations.
func decodeObservations(body []byte) ([]market.Observation, error) {
	var req observationsRequest
	if err := decodeStrict(body, &req); err != nil {
		return nil, err
	}
	if len(req.Observations) == 0 || len(req.Observations) > maxObservations {
		return nil, invalid("observations", "want 1 to %d observations, got %d", maxObservations, len(req.Observations))
	}
	out := make([]market.Observation, len(req.Observations))
	for i, raw := range req.Observations {
		if err := decodeStrict(raw, &out[i]); err != nil {
			return nil, atIndex(i, err)
		}
		if err := validateObservation(out[i]); err != nil {
			return nil, atIndex(i, err)
		}
	}
	return out, nil
}

// atIndex puts "observations[i]" in front of the field of an *InputError.
func atIndex(i int, err error) error {
	if in, ok := err.(*InputError); ok {
		in.Field = strings.TrimSuffix(fmt.Sprintf("observations[%d].%s", i, in.Field), ".")
	}
	return err
}

func validateObservation(o market.Observation) *InputError {
	if err := validateMarketplace(o.Marketplace); err != nil {
		return err
	}
	if !market.ValidASIN(o.ASIN) {
		return invalid("asin", "want 10 upper-case letters or digits, got %s", quote(o.ASIN))
	}
	if o.Price < 1 || o.Price > maxPrice {
		return invalid("price", "want a whole number of minor units from 1 to %d, got %d", int64(maxPrice), o.Price)
	}
	if o.Currency != o.Marketplace.Currency() {
		return invalid("currency", "want %s on marketplace %s, got %s", o.Marketplace.Currency(), o.Marketplace, quote(o.Currency))
	}
	if !o.Condition.Valid() {
		return invalid("condition", "want new, used, refurbished or collectible, got %s", quote(string(o.Condition)))
	}
	if !o.SellerKind.Valid() {
		return invalid("sellerKind", `want amazon, fba, merchant or "", got %s`, quote(string(o.SellerKind)))
	}
	return nil
}

// decodeReport decodes and validates POST /v1/reports.
func decodeReport(body []byte) (market.Report, error) {
	var r market.Report
	if err := decodeStrict(body, &r); err != nil {
		return r, err
	}
	if err := validateMarketplace(r.Marketplace); err != nil {
		return r, err
	}
	if err := validateSellerID(r.SellerID); err != nil {
		return r, err
	}
	if r.ASIN != "" && !market.ValidASIN(r.ASIN) {
		return r, invalid("asin", "want 10 upper-case letters or digits, got %s", quote(r.ASIN))
	}
	if len(r.Reasons) == 0 || len(r.Reasons) > len(market.ReportReasons()) {
		return r, invalid("reasons", "want 1 to %d of %s", len(market.ReportReasons()), strings.Join(market.ReportReasons(), ", "))
	}
	seen := make(map[string]bool)
	for i, reason := range r.Reasons {
		field := fmt.Sprintf("reasons[%d]", i)
		if !market.ValidReportReason(reason) {
			return r, invalid(field, "want one of %s, got %s", strings.Join(market.ReportReasons(), ", "), quote(reason))
		}
		if seen[reason] {
			return r, invalid(field, "%s given twice", reason)
		}
		seen[reason] = true
	}
	if n := utf8.RuneCountInString(r.Note); n > maxNoteRunes {
		return r, invalid("note", "want at most %d characters, got %d", maxNoteRunes, n)
	}
	for _, ch := range r.Note {
		if unicode.IsControl(ch) && ch != '\n' && ch != '\t' {
			return r, invalid("note", "control characters are not allowed (U+%04X)", ch)
		}
	}
	return r, nil
}

func validateMarketplace(m market.Marketplace) *InputError {
	if !m.Valid() {
		return invalid("marketplace", "want one of JP, US, UK, DE, FR, ES, IT, CA, got %s", quote(string(m)))
	}
	return nil
}

func validateSellerID(id string) *InputError {
	if !market.ValidSellerID(id) {
		return invalid("sellerId", "want an Amazon merchant ID: A and 7 to 19 upper-case letters or digits, got %s", quote(id))
	}
	return nil
}

// quote shows a hostile value safely and briefly in an error message.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}
