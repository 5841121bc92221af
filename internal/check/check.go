// Package check is the one pipeline from page HTML to verdict that the wasm
// checker, the command-line checker and the benchmarks share: it reads a
// page of a given kind (with the same limits everywhere), merges a seller's
// profile with their storefront, scores a listing and puts a verdict into
// words. The typed functions serve Go callers; Extract, Seller, Score and
// Explain take strings and answer with the {ok, …} envelope the extension
// reads, so native tests exercise exactly what the browser runs.
package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mikiwame/mikiwame/internal/amazon"
	"github.com/mikiwame/mikiwame/internal/explain"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/score"
)

// Limits on what a caller may hand over. A whole product page is about
// 1.5 MB and a fragment a few kB; anything far larger is a mistake, and
// refusing it early keeps a bad message from stalling the worker.
const (
	MaxHTML = 4 << 20
	MaxJSON = 1 << 20
	MaxURL  = 4096
	MaxLang = 16
)

// Kinds of page Extract reads.
const (
	KindProduct    = "product"
	KindOffers     = "offers"
	KindSeller     = "seller"
	KindStorefront = "storefront"
)

// Kinds lists the page kinds Extract accepts, in a fixed order.
func Kinds() []string { return []string{KindProduct, KindOffers, KindSeller, KindStorefront} }

// The typed readers below take the page as a string, as every caller holds
// it, and check it against the limits first. pageURL is where the page was
// served; the readers take the marketplace, ASIN and seller ID from it.

// Product reads a product page or the content script's fragment of one.
func Product(html, pageURL string) (market.Listing, error) {
	if err := checkPage(html, pageURL); err != nil {
		return market.Listing{}, err
	}
	return amazon.Product(strings.NewReader(html), pageURL)
}

// SavedProduct reads a product page saved to a file, whose address nobody
// told us: the page's own canonical link says where it was served (an
// extension caller always knows the address, so Product insists on it).
func SavedProduct(html string) (market.Listing, error) {
	if err := checkHTML(html); err != nil {
		return market.Listing{}, err
	}
	return amazon.Product(strings.NewReader(html), "")
}

// Offers reads the all-offers panel. No offers is an empty slice, not nil,
// so its JSON is [] and never null.
func Offers(html, pageURL string) ([]market.Offer, error) {
	if err := checkPage(html, pageURL); err != nil {
		return nil, err
	}
	o, err := amazon.Offers(strings.NewReader(html), pageURL)
	if err != nil {
		return nil, err
	}
	if o == nil {
		o = []market.Offer{}
	}
	return o, nil
}

// SellerProfile reads a seller's profile page.
func SellerProfile(html, pageURL string) (market.Seller, error) {
	if err := checkPage(html, pageURL); err != nil {
		return market.Seller{}, err
	}
	return amazon.SellerProfile(strings.NewReader(html), pageURL)
}

// Storefront reads a seller's storefront search page.
func Storefront(html, pageURL string) (market.Storefront, error) {
	if err := checkPage(html, pageURL); err != nil {
		return market.Storefront{}, err
	}
	return amazon.Storefront(strings.NewReader(html), pageURL)
}

func checkHTML(html string) error {
	if len(html) > MaxHTML {
		return fmt.Errorf("html is %d bytes: at most %d accepted", len(html), MaxHTML)
	}
	return nil
}

func checkPage(html, pageURL string) error {
	if err := checkHTML(html); err != nil {
		return err
	}
	switch {
	case pageURL == "":
		return errors.New("url is empty")
	case len(pageURL) > MaxURL:
		return fmt.Errorf("url is %d bytes: at most %d accepted", len(pageURL), MaxURL)
	}
	return nil
}

// Verdict scores listing l in context c.
func Verdict(l market.Listing, c market.Context) market.Verdict { return score.Score(l, c) }

// UnreadableVerdict is the "could not read" verdict for a reader's error,
// when the error says the page could not be read (and not, say, that the
// input broke a limit).
func UnreadableVerdict(err error) (market.Verdict, bool) {
	u, ok := market.AsUnreadable(err)
	if !ok {
		return market.Verdict{}, false
	}
	return score.Unreadable(u), true
}

// Envelope is the answer of every string call. Exactly one payload field is
// set when OK is true; Error (and Code, when a page could not be read) when
// it is false.
type Envelope struct {
	OK          bool                 `json:"ok"`
	Listing     *market.Listing      `json:"listing,omitempty"`
	Offers      *[]market.Offer      `json:"offers,omitempty"`
	Seller      *market.Seller       `json:"seller,omitempty"`
	Storefront  *market.Storefront   `json:"storefront,omitempty"`
	Verdict     *market.Verdict      `json:"verdict,omitempty"`
	Explanation *explain.Explanation `json:"explanation,omitempty"`
	Error       string               `json:"error,omitempty"`
	// Code is the market.UnreadableError code when a page could not be read.
	Code string `json:"code,omitempty"`
}

// JSON encodes e. It cannot fail for the types an Envelope holds, but if it
// ever did the caller still gets a well-formed failure envelope.
func (e Envelope) JSON() string {
	b, err := json.Marshal(e)
	if err != nil {
		b, _ = json.Marshal(Envelope{Error: "encode result: " + err.Error()})
	}
	return string(b)
}

// Fail is a failure envelope with msg and no code.
func Fail(format string, args ...any) Envelope {
	return Envelope{Error: fmt.Sprintf(format, args...)}
}

func failErr(err error) Envelope {
	env := Envelope{Error: err.Error()}
	if u, ok := market.AsUnreadable(err); ok {
		env.Code = u.Code
	}
	return env
}

// Safe runs f and turns a panic into a failure envelope: a page written by
// a stranger must never take the checker down.
func Safe(f func() Envelope) (env Envelope) {
	defer func() {
		if r := recover(); r != nil {
			env = Fail("internal error: %v", r)
		}
	}()
	return f()
}

// Extract reads html (a page or the fragment the content script built) of
// the given kind, served at pageURL. When a product page cannot be read the
// failure envelope also carries the "could not read" verdict, so the caller
// need not invent one.
func Extract(kind, html, pageURL string) Envelope {
	return Safe(func() Envelope {
		switch kind {
		case KindProduct:
			l, err := Product(html, pageURL)
			if err != nil {
				env := failErr(err)
				if v, ok := UnreadableVerdict(err); ok {
					env.Verdict = &v
				}
				return env
			}
			return Envelope{OK: true, Listing: &l}
		case KindOffers:
			o, err := Offers(html, pageURL)
			if err != nil {
				return failErr(err)
			}
			return Envelope{OK: true, Offers: &o}
		case KindSeller:
			s, err := SellerProfile(html, pageURL)
			if err != nil {
				return failErr(err)
			}
			return Envelope{OK: true, Seller: &s}
		case KindStorefront:
			s, err := Storefront(html, pageURL)
			if err != nil {
				return failErr(err)
			}
			return Envelope{OK: true, Storefront: &s}
		}
		// The page is checked first, as it always was: a 5 MB message of an
		// unknown kind is refused for its size.
		if err := checkPage(html, pageURL); err != nil {
			return failErr(err)
		}
		return Fail("unknown kind %q: want one of %s", kind, strings.Join(Kinds(), ", "))
	})
}

// Score scores a listing (JSON of market.Listing) in a context (JSON of
// market.Context; empty means none).
func Score(listingJSON, contextJSON string) Envelope {
	return Safe(func() Envelope {
		var l market.Listing
		if err := decode("listing", listingJSON, &l, true); err != nil {
			return failErr(err)
		}
		var c market.Context
		if err := decode("context", contextJSON, &c, false); err != nil {
			return failErr(err)
		}
		v := Verdict(l, c)
		return Envelope{OK: true, Verdict: &v}
	})
}

// Explain puts a verdict (JSON of market.Verdict) into sentences in lang.
func Explain(verdictJSON, lang string) Envelope {
	return Safe(func() Envelope {
		if lang == "" || len(lang) > MaxLang {
			return Fail("lang %q: want a language code such as ja or en", truncate(lang, MaxLang))
		}
		var v market.Verdict
		if err := decode("verdict", verdictJSON, &v, true); err != nil {
			return failErr(err)
		}
		if v.Level == "" {
			return Fail("verdict has no level")
		}
		e := explain.Explain(v, lang)
		return Envelope{OK: true, Explanation: &e}
	})
}

// decode reads one JSON object into dst. An empty s is an error only when
// the value is required.
func decode(name, s string, dst any, required bool) error {
	if strings.TrimSpace(s) == "" {
		if required {
			return fmt.Errorf("%s is empty", name)
		}
		return nil
	}
	if len(s) > MaxJSON {
		return fmt.Errorf("%s is %d bytes: at most %d accepted", name, len(s), MaxJSON)
	}
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("%s: trailing data after the JSON object", name)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
