package amazon

import (
	"strings"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
)

// blockPage is where the pages Amazon serves instead of the one asked for
// (robot check, 404, error) show what they are. The markers are also in
// FragmentSelectors, so a fragment is recognised too.
var blockPage = struct {
	captcha, notFound, errorPage string // marker elements
	signIn                       string // the sign-in form
	captchaHeading               string // where the robot check words its instructions
}{
	captcha:        `form[action*="validateCaptcha"], #captchacharacters, input[name="amzn-captcha-verify"]`,
	notFound:       `a[href*="cs_404"], img[alt*="Dogs of Amazon"], img[src*="/error-pages/404"]`,
	errorPage:      `a[href*="cs_503"], img[alt*="Something went wrong"]`,
	signIn:         `form[name="signIn"], form[action*="/ap/signin"], #ap_email, #ap_password, #ap_login_form`,
	captchaHeading: `h4`,
}

// Whole titles of those pages, lower-cased. Whole, because a product may be
// called "Page Not Found" and its page title then contains the words.
var (
	captchaTitles  = []string{"robot check", "amazon captcha", "amazon.co.jp captcha"}
	notFoundTitles = []string{"page not found", "ページが見つかりません", "seite nicht gefunden", "page introuvable", "página no encontrada", "pagina non trovata"}
	signInTitles   = []string{"amazon sign-in", "amazon sign in", "amazon.co.jp ログイン", "amazon ログイン", "amazon サインイン", "amazon.co.jpにログイン", "amazon anmelden", "amazon connexion", "amazon iniciar sesión", "amazon accedi", "amazon 登录"}
	errorTitles    = []string{"sorry! something went wrong!", "503 - service unavailable error", "amazon.com - 503 service unavailable"}
)

// captchaPhrases are the robot check's instructions, which it puts in an h4.
var captchaPhrases = []string{
	"enter the characters you see below", "type the characters you see in this image",
	"文字を入力してください", "ロボットではありません", "ロボットでないことを",
	"geben sie die zeichen", "saisissez les caractères", "introduce los caracteres", "inserisci i caratteri",
}

// blocked returns the typed error for a robot check, a 404 or an error
// page, or nil. It looks only at marker elements, the whole title and the
// robot check's h4, so a product page that quotes a phrase is not mistaken
// for one. A sign-in page is Amazon asking the shopper to log in before it
// shows the page: "could not read", never a seller without a record.
func blocked(doc *htmlindex.Page) error {
	title := strings.ToLower(text(doc.Find(anyPage.title).First()))
	switch {
	case doc.Find(blockPage.captcha).Length() > 0 || isAny(title, captchaTitles) || containsAny(strings.ToLower(text(doc.Find(blockPage.captchaHeading))), captchaPhrases):
		return market.Unreadable(market.PageCaptcha, "Amazon showed a robot check instead of the page")
	case doc.Find(blockPage.notFound).Length() > 0 || isAny(title, notFoundTitles):
		return market.Unreadable(market.PageNotFound, "Amazon says the page does not exist")
	case doc.Find(blockPage.errorPage).Length() > 0 || isAny(title, errorTitles):
		return market.Unreadable(market.PageError, "Amazon showed an error page")
	case doc.Find(blockPage.signIn).Length() > 0 || isAny(title, signInTitles):
		return market.Unreadable(market.SignInPage, "Amazon showed its sign-in page instead")
	}
	return nil
}

func isAny(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
