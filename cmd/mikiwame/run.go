package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/check"
	"github.com/mikiwame/mikiwame/internal/explain"
	"github.com/mikiwame/mikiwame/internal/market"
)

// Exit codes.
const (
	exitVerdict    = 0 // a verdict was made, whatever its level
	exitUsage      = 1 // bad command line or unreadable input file
	exitUnreadable = 2 // the page could not be read (captcha, 404, …)
)

// getenv is a seam for tests: the environment gives the default language.
var getenv = os.Getenv

const usage = `Usage:
  mikiwame check PAGE.html [flags]   check a saved Amazon product page
  mikiwame version                   print the version
  mikiwame help                      print this help

Flags of check (before or after PAGE):
  --offers FILE      the all-offers panel (AOD) or offer-listing page of the product
  --seller FILE      the seller's profile page (/sp?seller=ID)
  --storefront FILE  the seller's storefront search (/s?me=ID), for the listing count
  --baseline FILE    crowd baseline JSON: one entry of GET /v1/buckets/baselines/{prefix}
  --reputation FILE  community reports JSON: one entry of GET /v1/buckets/sellers/{prefix}
  --url URL          the page's address (default: its canonical link)
  --now YYYY-MM-DD   the day the page was saved, to resolve its delivery dates
                     (default: dates are not resolved, only their span counts)
  --lang ja|en       language of the sentences (default: from $LANG)
  --json             print the listing and the verdict as JSON

Exit status: 0 a verdict was made, 2 the page could not be read, 1 usage error.
`

// run is the whole program; main only wires the process to it.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "check":
		return checkPage(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "mikiwame", version)
		return exitVerdict
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return exitVerdict
	}
	return usageError(stderr, "unknown command %q", args[0])
}

// usageError reports a bad command line, with the usage.
func usageError(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "mikiwame: "+format+"\n\n", a...)
	fmt.Fprint(stderr, usage)
	return exitUsage
}

// inputError reports an input file that cannot be used.
func inputError(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "mikiwame: "+format+"\n", a...)
	return exitUsage
}

type options struct {
	page, offers, seller, storefront, baseline, reputation, url, lang string
	json                                                              bool
	now                                                               time.Time
}

// parseCheck reads check's flags, which may come before or after PAGE.
func parseCheck(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, with the usage
	fs.StringVar(&o.offers, "offers", "", "")
	fs.StringVar(&o.seller, "seller", "", "")
	fs.StringVar(&o.storefront, "storefront", "", "")
	fs.StringVar(&o.baseline, "baseline", "", "")
	fs.StringVar(&o.reputation, "reputation", "", "")
	fs.StringVar(&o.url, "url", "", "")
	fs.StringVar(&o.lang, "lang", "", "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.Func("now", "", func(v string) error {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return errors.New("want a date like 2026-11-24")
		}
		o.now = t
		return nil
	})
	var pages []string
	for {
		if err := fs.Parse(args); err != nil {
			return o, err
		}
		if fs.NArg() == 0 {
			break
		}
		pages = append(pages, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch len(pages) {
	case 0:
		return o, errors.New("check needs a PAGE.html")
	case 1:
		o.page = pages[0]
	default:
		return o, fmt.Errorf("check takes one PAGE, got %d: %s", len(pages), strings.Join(pages, " "))
	}
	switch o.lang {
	case "":
		o.lang = envLang()
	case "ja", "en":
	default:
		return o, fmt.Errorf("--lang must be ja or en, not %q", o.lang)
	}
	return o, nil
}

// envLang follows POSIX precedence: LC_ALL, LC_MESSAGES, LANG.
func envLang() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return explain.Lang(v)
		}
	}
	return "en"
}

// report is the --json output.
type report struct {
	Listing     *market.Listing     `json:"listing"`
	Seller      *market.Seller      `json:"seller,omitempty"`
	Verdict     market.Verdict      `json:"verdict"`
	Explanation explain.Explanation `json:"explanation"`
	// Warnings are inputs that were given but could not be used.
	Warnings []string `json:"warnings,omitempty"`
}

// checkPage runs the pipeline the extension runs (package check) on saved
// pages. The product page's address is --url, or else what the page's own
// canonical link says; the other pages are read as served on the product's
// marketplace.
func checkPage(args []string, stdout, stderr io.Writer) int {
	o, err := parseCheck(args, stderr)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	if o.url != "" {
		if _, ok := marketplaceOf(o.url); !ok {
			return usageError(stderr, "--url %q is not a page of an Amazon marketplace we know", o.url)
		}
	}

	page, err := os.ReadFile(o.page)
	if err != nil {
		return inputError(stderr, "%v", err)
	}
	var l market.Listing
	if o.url != "" {
		l, err = check.Product(string(page), o.url)
	} else {
		l, err = check.SavedProduct(string(page))
	}
	if u, ok := market.AsUnreadable(err); ok && u.Code == market.UnknownMarket && o.url == "" {
		return inputError(stderr, "%s has no canonical link to an Amazon page; say where it came from with --url", o.page)
	}
	if err == nil && o.url != "" {
		// A page saved from one Amazon and checked as another's would be
		// judged against the wrong prices and sellers: refuse it.
		if cur, want := priceCurrency(l), l.Marketplace.Currency(); cur != "" && want != "" && cur != want {
			return inputError(stderr, "%s is priced in %s, but --url %s is a page of the %s marketplace, priced in %s: give the address the page was saved from, or leave --url out to use its canonical link",
				o.page, cur, o.url, l.Marketplace, want)
		}
	}
	var r report
	if err != nil {
		v, ok := check.UnreadableVerdict(err)
		if !ok {
			return inputError(stderr, "%s: %v", o.page, err)
		}
		r.Verdict = v
		r.Explanation = explain.Explain(r.Verdict, o.lang)
		fmt.Fprintf(stderr, "mikiwame: %s: %v\n", o.page, v.Unreadable)
		if code := output(stdout, stderr, o, r); code != exitVerdict {
			return code
		}
		return exitUnreadable
	}
	r.Listing = &l

	c := market.Context{Now: o.now}
	warn := func(format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		r.Warnings = append(r.Warnings, msg)
		fmt.Fprintln(stderr, "mikiwame: warning:", msg)
	}
	if err := addOffers(&l, o.offers); err != nil {
		warn("%v", err)
	}
	if c.Seller, err = readSeller(l, o.seller, o.storefront); err != nil {
		warn("%v", err)
	}
	r.Seller = c.Seller
	if o.baseline != "" {
		c.Baseline = new(market.Baseline)
		if err := readJSON(o.baseline, c.Baseline); err != nil {
			return inputError(stderr, "--baseline: %v", err)
		}
	}
	if o.reputation != "" {
		c.Reputation = new(market.SellerReputation)
		if err := readJSON(o.reputation, c.Reputation); err != nil {
			return inputError(stderr, "--reputation: %v", err)
		}
	}

	r.Verdict = check.Verdict(l, c)
	r.Explanation = explain.Explain(r.Verdict, o.lang)
	return output(stdout, stderr, o, r)
}

// priceCurrency is the currency of the listing's buy-box price, "" if none.
func priceCurrency(l market.Listing) string {
	if l.Offer == nil || l.Offer.Price == nil {
		return ""
	}
	return l.Offer.Price.Currency
}

func output(stdout, stderr io.Writer, o options, r report) int {
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(stderr, "mikiwame:", err)
			return exitUsage
		}
		return exitVerdict
	}
	printHuman(stdout, r)
	return exitVerdict
}

// marks prefix each reason in the human output by its weight.
var marks = map[market.Severity]string{
	market.SeverityHigh:   "!!",
	market.SeverityMedium: "! ",
	market.SeverityLow:    "- ",
	market.SeverityGood:   "+ ",
	market.SeverityInfo:   "? ",
}

func printHuman(w io.Writer, r report) {
	e := r.Explanation
	if r.Verdict.Unreadable != nil {
		fmt.Fprintf(w, "%s\n%s\n", e.Title, e.Summary)
		return
	}
	if r.Verdict.Level == market.LevelUnknown {
		fmt.Fprintf(w, "%s\n%s\n", e.Title, e.Summary) // a score would pretend to know
	} else {
		fmt.Fprintf(w, "%s (%d/100)\n%s\n", e.Title, r.Verdict.Score, e.Summary)
	}
	if r.Listing != nil && r.Listing.Title != "" {
		fmt.Fprintf(w, "\n  %s\n", r.Listing.Title)
	}
	if len(e.Reasons) > 0 {
		fmt.Fprintln(w)
		for _, x := range e.Reasons {
			fmt.Fprintf(w, "  %s %s\n", marks[x.Severity], x.Text)
		}
	}
	if e.Baseline != "" {
		fmt.Fprintf(w, "\n%s\n", e.Baseline)
	}
}

// addOffers reads the all-offers page into l.Offers.
func addOffers(l *market.Listing, path string) error {
	if path == "" {
		return nil
	}
	page, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--offers: %w", err)
	}
	offers, err := check.Offers(string(page), pageURL(l.Marketplace, "/gp/product/ajax/aodAjaxMain/?asin="+url.QueryEscape(l.ASIN)))
	if err != nil {
		return fmt.Errorf("--offers %s left out: %w", path, err)
	}
	l.Offers = append(l.Offers, offers...)
	return nil
}

// readSeller reads the seller profile and, with it, the storefront's
// listing count, merged as the extension merges them (check.SellerOf,
// check.WithStorefront). A storefront alone says nothing about ratings or
// address, so it is not used without a profile.
func readSeller(l market.Listing, profile, storefront string) (*market.Seller, error) {
	if profile == "" {
		if storefront != "" {
			return nil, errors.New("--storefront is only used together with --seller")
		}
		return nil, nil
	}
	offerID := ""
	if l.Offer != nil {
		offerID = l.Offer.SellerID
	}
	page, err := os.ReadFile(profile)
	if err != nil {
		return nil, fmt.Errorf("--seller: %w", err)
	}
	s, err := check.SellerProfile(string(page), pageURL(l.Marketplace, "/sp"))
	if err != nil {
		return nil, fmt.Errorf("--seller %s left out: %w", profile, err)
	}
	var other *check.OtherSellerError
	if s, err = check.SellerOf(offerID, s); errors.As(err, &other) {
		return nil, fmt.Errorf("--seller %s is the profile of seller %s, not of the buy-box seller %s: left out", profile, other.Got, other.Want)
	} else if err != nil {
		return nil, fmt.Errorf("--seller %s left out: %w", profile, err)
	}
	if storefront == "" {
		return &s, nil
	}
	page, err = os.ReadFile(storefront)
	if err != nil {
		return &s, fmt.Errorf("--storefront: %w", err)
	}
	sf, err := check.Storefront(string(page), pageURL(l.Marketplace, "/s"))
	if err != nil {
		return &s, fmt.Errorf("--storefront %s left out: %w", storefront, err)
	}
	merged, err := check.WithStorefront(s, sf)
	if errors.As(err, &other) {
		return &s, fmt.Errorf("--storefront %s is seller %s's, not %s's: left out", storefront, other.Got, other.Want)
	}
	return &merged, nil
}

// pageURL is the address of path on m's site, which the readers use to
// know the marketplace and the seller ID.
func pageURL(m market.Marketplace, path string) string {
	return "https://www." + m.Host() + path
}

func marketplaceOf(raw string) (market.Marketplace, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	return market.MarketplaceFromHost(u.Host)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
