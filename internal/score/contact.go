package score

// Off-platform contact (DESIGN.md "Also"; the 2017 wave's about texts):
// a seller who moves the buyer off Amazon, to a messenger, an e-mail
// address or a bank transfer, takes the sale out of reach of the A-to-z
// guarantee. Amazon forbids it, so it weighs more than any other sign.

import (
	"regexp"
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
)

// contactRule reads the about text of a seller profile that was read.
func (t Thresholds) contactRule(j *judgement, s sellerFacts) {
	if offPlatform(s.about) {
		j.add(reason(OffPlatformContact, market.SeverityHigh, t.PointsOffPlatform))
	}
}

// offPlatformJA are the Japanese phrases that move a buyer off Amazon:
// bank transfers and messenger IDs, as in the 2017 wave.
var offPlatformJA = []string{
	"銀行振込", "銀行振り込み", "振込先", "お振込", "振り込み先", "口座番号",
	"ラインID", "LINEID", "微信", "直接取引", "直接お取引", "メールアドレス",
}

// offPlatformEN matches an e-mail address, messenger names and payment
// outside Amazon. "LINE" only counts in capitals, as the app's name,
// so "online" or "product line" do not.
var (
	offPlatformEN = regexp.MustCompile(`(?i)\b(whats\s?app|we\s?chat|telegram|viber|bank\s+transfer|wire\s+transfer|western\s+union|money\s?gram|pay\s+outside|line\s+id)\b`)
	emailAddress  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	lineApp       = regexp.MustCompile(`\bLINE\b`)
)

// offPlatform reports whether the seller's about text pushes contact or
// payment outside Amazon, where the A-to-z guarantee does not reach.
func offPlatform(about string) bool {
	if about == "" {
		return false
	}
	for _, w := range offPlatformJA {
		if strings.Contains(about, w) {
			return true
		}
	}
	return offPlatformEN.MatchString(about) || emailAddress.MatchString(about) || lineApp.MatchString(about)
}
