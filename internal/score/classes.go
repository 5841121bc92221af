package score

// Item classes and what is at stake (issue "risk scales with what is at
// stake", "item classes fraudsters prefer"). Gift cards, prepaid cards and
// vouchers sold by a third party are a warning on their own: the code is
// spent the moment it is read, and Amazon sells the real ones itself.
// Electronics are what hijacked accounts list most, so they count as
// high-value from a lower price.

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
)

// giftCardWords name stored-value items in the marketplaces' languages,
// as fold writes them.
var giftCardWords = []string{
	"ギフトカード", "ギフト券", "ギフトコード", "プリペイドカード", "プリペイド番号", "商品券", "電子マネー",
	"gift card", "giftcard", "gift voucher", "gift code", "e-gift", "egift", "prepaid card", "voucher",
	"itunes card", "google play card", "psn card", "steam wallet",
	"geschenkkarte", "geschenkgutschein", "gutschein", "guthabenkarte", "prepaidkarte",
	"carte cadeau", "carte-cadeau", "chèque cadeau", "cheque cadeau", "bon d'achat", "carte prépayée",
	"tarjeta regalo", "tarjeta de regalo", "cheque regalo", "tarjeta prepago",
	"carta regalo", "buono regalo", "carta prepagata",
}

// giftCardAccessories are words that make a gift-card title an
// accessory (a holder, an envelope), not the card.
var giftCardAccessories = []string{
	"ホルダー", "ケース", "封筒", "holder", "case", "envelope", "sleeve", "box", "hülle", "etui", "funda", "custodia",
}

// electronicsWords mark a title or category as electronics.
var electronicsWords = []string{
	"家電", "スマートフォン", "スマホ", "携帯電話", "パソコン", "ノートpc", "タブレット", "カメラ", "ゲーム機",
	"グラフィックボード", "electronics", "computer", "laptop", "notebook pc", "smartphone", "cell phone",
	"mobile phone", "iphone", "ipad", "macbook", "tablet", "camera", "graphics card", "game console",
	"playstation", "nintendo switch", "xbox", "elektronik", "smartphone", "high-tech", "informatique",
	"ordinateur", "électronique", "electrónica", "portátil", "elettronica", "informatica",
}

// stake is what the shopper risks on an offer.
type stake struct {
	high  bool
	value market.Money // the item's value: the baseline, or the price
}

// stakeOf judges value against the currency's bands.
func (t Thresholds) stakeOf(l market.Listing, value market.Money) stake {
	st := stake{value: value}
	band, ok := t.Stakes[value.Currency]
	if !ok {
		return st
	}
	bar := band.High
	if band.Electronics > 0 && containsAny(fold(l.Title+" "+l.Category), electronicsWords) {
		bar = min(bar, band.Electronics)
	}
	st.high = bar > 0 && value.Amount >= bar
	return st
}

// giftCard reports whether the listing is a stored-value item, read from
// its title and category.
func giftCard(l market.Listing) bool {
	title := fold(l.Title)
	if containsAny(title, giftCardWords) {
		return !containsAny(title, giftCardAccessories)
	}
	return containsAny(fold(l.Category), giftCardWords)
}

// faceValueRe finds a stated amount in a folded gift-card title, with its
// currency before ("¥10,000", "$100", "£50", "€25") or after ("10,000円",
// "25 €", "50 eur"). Decimals are rare on cards and left out.
var faceValueRe = regexp.MustCompile(`([¥$£€])\s?(\d{1,3}(?:[,.]\d{3})*|\d+)(?:[,.]\d{2})?\b|(\d{1,3}(?:[,.]\d{3})*|\d+)(?:[,.]\d{2})?\s?(円|€|(?:eur|usd|gbp|cad|jpy)\b)`)

// faceValueCurrency maps a symbol or word to the currencies it can mean;
// "$" is read as the offer's own dollar.
var faceValueCurrency = map[string][]string{
	"¥": {"JPY"}, "円": {"JPY"}, "jpy": {"JPY"},
	"$": {"USD", "CAD"}, "usd": {"USD"}, "cad": {"CAD"},
	"£": {"GBP"}, "gbp": {"GBP"},
	"€": {"EUR"}, "eur": {"EUR"},
}

// faceValue is the amount a gift-card title says the card holds, in the
// offer's currency; ok is false when the title names none in it. A card's
// face value is its market price: nobody honest sells money for less.
func faceValue(title, currency string) (market.Money, bool) {
	for _, m := range faceValueRe.FindAllStringSubmatch(fold(title), -1) {
		sym, digits := m[1], m[2]
		if sym == "" {
			sym, digits = m[4], m[3]
		}
		n, err := strconv.ParseInt(strings.NewReplacer(",", "", ".", "").Replace(digits), 10, 64)
		if err != nil || n <= 0 || n > 1_000_000 {
			continue
		}
		for _, c := range faceValueCurrency[sym] {
			if c == currency {
				return market.Money{Amount: n * market.MinorUnits(c), Currency: c}, true
			}
		}
	}
	return market.Money{}, false
}
