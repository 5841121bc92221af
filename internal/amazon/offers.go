package amazon

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/market"
)

// maxOffers bounds how many offers one page yields.
const maxOffers = 100

// Offers reads the AOD panel response (/gp/product/ajax/aodAjaxMain/?asin=…)
// or the legacy offer-listing page.
func Offers(r io.Reader, pageURL string) ([]market.Offer, error) {
	doc, m, err := open(r, pageURL)
	if err != nil {
		return nil, err
	}
	if offers, found := aodOffers(doc, m); found {
		if len(offers) == 0 {
			return nil, market.Unreadable(market.NoOffer, "the all-offers panel lists no offers")
		}
		return offers, nil
	}
	if offers, found := legacyOffers(doc, m); found {
		if len(offers) == 0 {
			return nil, market.Unreadable(market.NoOffer, "the offer list is empty")
		}
		return offers, nil
	}
	return nil, market.Unreadable(market.NotProductPage, "no all-offers panel or offer list found")
}

// aodOffers reads the all-offers panel; found says whether one is there.
func aodOffers(doc *page, m market.Marketplace) (offers []market.Offer, found bool) {
	panel := doc.Find(`#aod-container, #all-offers-display, #aod-offer-list, #aod-pinned-offer, #aod-offer`)
	if panel.Length() == 0 {
		return nil, false
	}
	doc.Find(`#aod-pinned-offer`).First().Each(func(_ int, s *goquery.Selection) {
		if o, ok := aodOffer(s, m); ok {
			o.Pinned = true
			offers = append(offers, o)
		}
	})
	rows := doc.Find(`#aod-offer`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.ClosestMatcher(q(`#aod-pinned-offer`)).Length() == 0
	})
	return readOffers(offers, rows, m, aodOffer), true
}

// readOffers appends the offers read from rows, up to maxOffers.
func readOffers(offers []market.Offer, rows *goquery.Selection, m market.Marketplace, read func(*goquery.Selection, market.Marketplace) (market.Offer, bool)) []market.Offer {
	rows.EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if o, ok := read(s, m); ok {
			offers = append(offers, o)
		}
		return len(offers) < maxOffers
	})
	return offers
}

// aodOffer reads one offer block of the panel.
func aodOffer(s *goquery.Selection, m market.Marketplace) (market.Offer, bool) {
	var o market.Offer
	soldBy := find(s, `#aod-offer-soldBy`).First()
	link := find(soldBy, `a[href*="seller="]`).First()
	if link.Length() > 0 {
		href, _ := link.Attr("href")
		o.SellerID = sellerIDFromHref(href)
		o.SellerName = clean(rawText(link), maxName)
	} else {
		o.SellerName = firstText(soldBy, maxName, `.a-col-right .a-size-small`, `.a-col-right`)
	}
	if o.SellerID == "" {
		if v, ok := find(s, `input#aod-offer-soldBy-merchantID, input[id^="aod-offer-soldBy-merchantID"]`).First().Attr("value"); ok {
			o.SellerID = validSellerID(v)
		}
	}
	shipsFrom := firstText(find(s, `#aod-offer-shipsFrom`), maxName, `.a-col-right .a-size-small`, `.a-col-right`)
	switch {
	case isAmazonSeller(o.SellerID, o.SellerName):
		o.Fulfillment = market.SoldByAmazon
		if o.SellerID == "" {
			o.SellerID = m.AmazonSellerID()
		}
	case shipsFrom == "":
		o.Fulfillment = market.FulfillmentUnknown
	case shipsFromAmazon(shipsFrom, o.SellerName):
		o.Fulfillment = market.FulfilledByAmazon
	default:
		o.Fulfillment = market.SellerFulfilled
	}
	o.Price = firstPrice(s, m, "",
		`#aod-offer-price .a-price:not([data-a-strike="true"]) .a-offscreen`,
		`[id^="aod-price"] .a-price:not([data-a-strike="true"]) .a-offscreen`,
		`.a-price:not([data-a-strike="true"]) .a-offscreen`,
		`#aod-offer-price .aok-offscreen`,
		`[id^="aod-price"] .aok-offscreen`)
	if o.Price == nil {
		o.Price = wholePrice(s, m)
	}
	if o.SellerName == "" && o.SellerID == "" || o.Price == nil {
		return market.Offer{}, false
	}
	if v, ok := find(s, `[data-csa-c-delivery-price]`).First().Attr("data-csa-c-delivery-price"); ok {
		o.Shipping = shippingFromAttr(v, m)
	}
	o.Condition = condition(firstText(s, maxText, `#aod-offer-heading`))
	o.Prime = find(s, `i.a-icon-prime`).Length() > 0
	if at, ok := find(s, `[data-csa-c-delivery-time]`).First().Attr("data-csa-c-delivery-time"); ok {
		o.Delivery = parseDelivery(at)
		if o.Delivery != nil {
			o.Delivery.Text = firstText(s, maxText, `[data-csa-c-delivery-time]`)
		}
	}
	if o.Delivery == nil {
		o.Delivery = parseDelivery(firstText(s, maxText, `.aod-delivery-promise`, `#delivery-message`))
	}
	o.Rating = offerRating(find(s, `#aod-offer-seller-rating`).First())
	return o, true
}

// firstPrice is the first positive price under s matching one of the
// selectors, best first, skipping elements inside skip (if not "").
func firstPrice(s finder, m market.Marketplace, skip string, selectors ...string) *market.Money {
	for _, sel := range selectors {
		var found *market.Money
		find(s, sel).EachWithBreak(func(_ int, p *goquery.Selection) bool {
			if skip != "" && p.ClosestMatcher(q(skip)).Length() > 0 {
				return true
			}
			if money, err := ParsePrice(text(p), m); err == nil && money.Amount > 0 {
				found = &money
				return false
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// wholePrice reads a price split into .a-price-whole and .a-price-fraction.
func wholePrice(s *goquery.Selection, m market.Marketplace) *market.Money {
	p := find(s, `.a-price:not([data-a-strike="true"])`).First()
	whole := text(find(p, `.a-price-whole`).First())
	if whole == "" {
		return nil
	}
	num := strings.TrimRight(whole, ".,")
	if frac := text(find(p, `.a-price-fraction`).First()); frac != "" {
		num += "." + frac
	}
	money, err := ParsePrice(text(find(p, `.a-price-symbol`).First())+num, m)
	if err != nil || money.Amount <= 0 {
		return nil
	}
	return &money
}

// freeWords say a delivery costs nothing.
var freeWords = regexp.MustCompile(`(?i)^(free|gratis|gratuit|gratuite|kostenlos|kostenlose|無料|送料無料)`)

func shippingFromAttr(v string, m market.Marketplace) *market.Money {
	if p := priceInText(v, m); p != nil {
		return p
	}
	if freeWords.MatchString(strings.TrimSpace(v)) {
		return &market.Money{Amount: 0, Currency: m.Currency()}
	}
	return nil
}

// Condition words per language, checked in this order.
var conditionWords = []struct {
	re *regexp.Regexp
	c  market.Condition
}{
	{regexp.MustCompile(`(?i)refurbished|renewed|整備済|再生品|generalüberholt|reconditionn|reacondicionad|ricondizionat`), market.Refurbished},
	{regexp.MustCompile(`(?i)collectible|コレクター|sammlerstück|de collection|coleccionable|da collezione`), market.Collectible},
	{regexp.MustCompile(`(?i)used|中古|gebraucht|d'occasion|occasion|usado|usato`), market.Used},
	{regexp.MustCompile(`(?i)\bnew\b|新品|\bneu\b|\bneuf\b|\bnuevo\b|\bnuovo\b`), market.New},
}

func condition(s string) market.Condition {
	for _, w := range conditionWords {
		if w.re.MatchString(s) {
			return w.c
		}
	}
	return ""
}

// Rating text patterns. Japanese wording is unverified, so the patterns
// do not depend on word order.
var (
	ratingCountRe   = regexp.MustCompile(`(?i)\(\s*(\d[\d,.]*)\s*(?:total\s+)?(?:ratings?|件|bewertungen|évaluations?|valoraciones|valutazioni)`)
	ratingCountJaRe = regexp.MustCompile(`(\d[\d,.]*)\s*件の評価`)
	percentRe       = regexp.MustCompile(`(\d{1,3})\s*%`)
	percentFirstRe  = regexp.MustCompile(`%\s*(\d{1,3})`)
	starClassRe     = regexp.MustCompile(`a-star(?:-mini)?-(\d)(?:-(\d))?\b`)
	starsTextRe     = regexp.MustCompile(`(\d(?:[.,]\d)?)`)
	justLaunchedRe  = regexp.MustCompile(`(?i)just launched|neu bei amazon|nouveau sur amazon|nuevo en amazon|nuovo su amazon|新規出品者|新規の出品者`)
)

// offerRating reads a seller-rating block of an offer.
func offerRating(s *goquery.Selection) *market.OfferRating {
	if s.Length() == 0 {
		return nil
	}
	t := fold(text(s))
	r := &market.OfferRating{}
	if justLaunchedRe.MatchString(t) {
		r.JustLaunched = true
	}
	r.Count = ratingCount(t)
	r.PositivePercent = positivePercent(t)
	r.Stars = starsOf(s)
	if !r.JustLaunched && r.Count == nil && r.PositivePercent == nil && r.Stars == nil {
		return nil
	}
	return r
}

func ratingCount(t string) *int {
	for _, re := range []*regexp.Regexp{ratingCountRe, ratingCountJaRe} {
		if m := re.FindStringSubmatch(t); m != nil {
			if n, ok := atoi(m[1]); ok {
				return intPtr(n)
			}
		}
	}
	return nil
}

func positivePercent(t string) *int {
	m := percentRe.FindStringSubmatch(t)
	if m == nil {
		m = percentFirstRe.FindStringSubmatch(t)
	}
	if m == nil {
		return nil
	}
	if n, err := strconv.Atoi(m[1]); err == nil && n <= 100 {
		return intPtr(n)
	}
	return nil
}

// starsOf reads a star average from the icon's alt text ("4.7 out of 5
// stars", "5つ星のうち4.7"), else from the a-star-… class, which is rounded
// to halves ("a-star-mini-4-5" is 4.5).
func starsOf(s *goquery.Selection) *float64 {
	if v := starsFromText(text(find(s, `.a-icon-alt`).First())); v != nil {
		return v
	}
	var stars *float64
	find(s, `i[class*="a-star"]`).EachWithBreak(func(_ int, i *goquery.Selection) bool {
		class, _ := i.Attr("class")
		if m := starClassRe.FindStringSubmatch(class); m != nil {
			v := float64(m[1][0] - '0')
			if m[2] != "" {
				v += float64(m[2][0]-'0') / 10
			}
			stars = &v
			return false
		}
		return true
	})
	return stars
}

func starsFromText(alt string) *float64 {
	alt = fold(alt)
	nums := starsTextRe.FindAllString(alt, 3)
	if len(nums) == 0 {
		return nil
	}
	n := nums[0]
	if strings.Contains(alt, "つ星のうち") && len(nums) > 1 {
		n = nums[1]
	}
	v, err := strconv.ParseFloat(strings.Replace(n, ",", ".", 1), 64)
	if err != nil || v < 0 || v > 5 {
		return nil
	}
	return &v
}

// legacyOffers reads the pre-2021 offer-listing page (/gp/offer-listing/ASIN).
func legacyOffers(doc *page, m market.Marketplace) ([]market.Offer, bool) {
	rows := doc.Find(`.olpOffer`)
	if rows.Length() == 0 && doc.Find(`#olpOfferList, #olpOfferListColumn`).Length() == 0 {
		return nil, false
	}
	return readOffers(nil, rows, m, legacyOffer), true
}

func legacyOffer(s *goquery.Selection, m market.Marketplace) (market.Offer, bool) {
	var o market.Offer
	name := find(s, `.olpSellerName`).First()
	link := find(name, `a[href*="seller="]`).First()
	href, _ := link.Attr("href")
	o.SellerID = sellerIDFromHref(href)
	o.SellerName = clean(rawText(link), maxName)
	if o.SellerName == "" {
		// Amazon shows a logo instead of its name.
		if alt, ok := find(name, `img[alt]`).First().Attr("alt"); ok {
			o.SellerName = clean(alt, maxName)
		}
	}
	o.Price = firstPrice(s, m, "", `.olpOfferPrice`)
	if o.Price == nil || o.SellerName == "" && o.SellerID == "" {
		return market.Offer{}, false
	}
	if p := priceInText(text(find(s, `.olpShippingPrice`).First()), m); p != nil {
		o.Shipping = p
	} else if freeWords.MatchString(strings.TrimLeft(text(find(s, `.olpShippingInfo b`).First()), "& ")) {
		o.Shipping = &market.Money{Amount: 0, Currency: o.Price.Currency}
	}
	fba := strings.Contains(href, "isAmazonFulfilled=1") || find(s, `.olpFbaPopoverTrigger`).Length() > 0
	switch {
	case isAmazonSeller(o.SellerID, o.SellerName):
		o.Fulfillment = market.SoldByAmazon
		if o.SellerID == "" {
			o.SellerID = m.AmazonSellerID()
		}
	case fba:
		o.Fulfillment = market.FulfilledByAmazon
	default:
		o.Fulfillment = market.SellerFulfilled
	}
	o.Condition = condition(text(find(s, `.olpCondition`).First()))
	o.Prime = find(s, `i.a-icon-prime`).Length() > 0
	avail := find(s, `.olpDeliveryColumn .olpAvailability, .olpDeliveryColumn .olpAvailabilityExpander`).First().Clone()
	find(avail, `.a-expander-prompt`).Remove()
	o.Delivery = parseDelivery(text(avail))
	if o.Delivery == nil {
		o.Delivery = parseDelivery(firstText(s, maxText, `.olpDeliveryColumn .olpFastTrack li`))
	}
	col := find(s, `.olpSellerColumn`).First()
	o.Rating = offerRating(col)
	return o, true
}
