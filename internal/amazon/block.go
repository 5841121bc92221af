package amazon

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Markers of the pages Amazon serves instead of the one asked for. The
// selectors are also in FragmentSelectors, so a fragment is recognised too.
const (
	captchaSelector  = `form[action*="validateCaptcha"], #captchacharacters, input[name="amzn-captcha-verify"]`
	notFoundSelector = `a[href*="cs_404"], img[alt*="Dogs of Amazon"], img[src*="/error-pages/404"]`
	errorSelector    = `a[href*="cs_503"], img[alt*="Something went wrong"]`
)

// Heading and title phrases of the same pages, lower-cased.
var (
	captchaPhrases = []string{
		"robot check", "enter the characters you see below", "type the characters you see in this image",
		"amazon captcha", "文字を入力してください", "ロボットではありません", "ロボットでないことを",
		"geben sie die zeichen", "saisissez les caractères", "introduce los caracteres", "inserisci i caratteri",
	}
	notFoundPhrases = []string{
		"page not found", "ページが見つかりません", "looking for something?", "何かお探しですか",
		"seite wurde nicht gefunden", "seite nicht gefunden", "page introuvable", "página no encontrada",
		"pagina non trovata", "dogs of amazon",
	}
	errorPhrases = []string{
		"sorry! something went wrong", "something went wrong on our end", "申し訳ございません。何らかのエラーが発生しました",
		"es ist ein fehler aufgetreten", "une erreur s'est produite",
	}
)

// blocked returns the typed error for a robot check, a 404 or an error
// page, or nil. It only looks at the title, headings and marker elements,
// so a product page that quotes one of the phrases is not mistaken for one.
func blocked(doc *goquery.Document) error {
	heads := strings.ToLower(text(doc.Find("title")) + " | " + text(doc.Find("h1, h2, h3, h4, b")))
	switch {
	case doc.Find(captchaSelector).Length() > 0 || containsAny(heads, captchaPhrases):
		return market.Unreadable(market.PageCaptcha, "Amazon showed a robot check instead of the page")
	case doc.Find(notFoundSelector).Length() > 0 || containsAny(strings.ToLower(text(doc.Find("title"))), notFoundPhrases):
		return market.Unreadable(market.PageNotFound, "Amazon says the page does not exist")
	case doc.Find(errorSelector).Length() > 0 || containsAny(heads, errorPhrases):
		return market.Unreadable(market.PageError, "Amazon showed an error page")
	}
	return nil
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
