package amazon

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// maxOffers bounds how many offers one page yields.
const maxOffers = 100

// aodPanel is where the all-offers panel (AOD) shows what Offers reads;
// where a field lists several selectors, the first that gives a value wins.
// Fields but the first three are looked up inside one offer.
var aodPanel = struct {
	panel        string   // any part of the panel: none means no panel
	pinned       string   // the featured offer, pinned on top
	offer        string   // every offer block, the pinned one too
	soldBy       string   // the "Sold by" row …
	sellerLink   string   // … its link to the seller's profile …
	rowValue     []string // … and its value text (also of the "Ships from" row)
	merchantID   string   // the seller ID as a hidden input
	shipsFrom    string   // the "Ships from" row
	price        []string // the offer's price
	shippingAttr string   // the delivery charge as an attribute
	heading      string   // the condition ("New", "Used - Like New")
	prime        string   // the Prime badge
	deliveryTime string   // the delivery promise's machine-readable date
	delivery     []string // the delivery promise as text
	rating       string   // the seller's rating block
}{
	panel:      `#aod-container, #all-offers-display, #aod-offer-list, #aod-pinned-offer, #aod-offer`,
	pinned:     `#aod-pinned-offer`,
	offer:      `#aod-offer`,
	soldBy:     `#aod-offer-soldBy`,
	sellerLink: `a[href*="seller="]`,
	rowValue:   []string{`.a-col-right .a-size-small`, `.a-col-right`},
	merchantID: `input#aod-offer-soldBy-merchantID, input[id^="aod-offer-soldBy-merchantID"]`,
	shipsFrom:  `#aod-offer-shipsFrom`,
	price: []string{
		`#aod-offer-price .a-price:not([data-a-strike="true"]) .a-offscreen`,
		`[id^="aod-price"] .a-price:not([data-a-strike="true"]) .a-offscreen`,
		`.a-price:not([data-a-strike="true"]) .a-offscreen`,
		`#aod-offer-price .aok-offscreen`,
		`[id^="aod-price"] .aok-offscreen`,
	},
	shippingAttr: `[data-csa-c-delivery-price]`,
	heading:      `#aod-offer-heading`,
	prime:        `i.a-icon-prime`,
	deliveryTime: `[data-csa-c-delivery-time]`,
	delivery:     []string{`.aod-delivery-promise`, `#delivery-message`},
	rating:       `#aod-offer-seller-rating`,
}

// offerListing is where the pre-2021 offer-listing page shows what Offers
// reads. Fields but the first two are looked up inside one offer row.
var offerListing = struct {
	offer         string // every offer row
	list          string // the list, even when empty
	sellerName    string // the seller cell …
	sellerLink    string // … its link to the seller's profile …
	sellerLogo    string // … or Amazon's logo instead of a name
	merchantID    string // the row's add-to-cart form's merchant, a hidden input
	price         string
	shippingPrice string
	shippingInfo  string // "& FREE Shipping"
	fbaPopover    string // the "Fulfilled by Amazon" popover
	condition     string
	prime         string
	availability  string // "Usually dispatched within …" …
	expander      string // … without its "Read more" prompt
	fastTrack     string // the delivery promise
	sellerColumn  string // the seller's rating
}{
	offer:         `.olpOffer`,
	list:          `#olpOfferList, #olpOfferListColumn`,
	sellerName:    `.olpSellerName`,
	sellerLink:    `a[href*="seller="]`,
	sellerLogo:    `img[alt]`,
	merchantID:    `input[name="merchantID"]`,
	price:         `.olpOfferPrice`,
	shippingPrice: `.olpShippingPrice`,
	shippingInfo:  `.olpShippingInfo b`,
	fbaPopover:    `.olpFbaPopoverTrigger`,
	condition:     `.olpCondition`,
	prime:         `i.a-icon-prime`,
	availability:  `.olpDeliveryColumn .olpAvailability, .olpDeliveryColumn .olpAvailabilityExpander`,
	expander:      `.a-expander-prompt`,
	fastTrack:     `.olpDeliveryColumn .olpFastTrack li`,
	sellerColumn:  `.olpSellerColumn`,
}

// ratingStars is where a rating block, in an offer or on a seller's
// profile, shows its star average.
var ratingStars = struct{ alt, icon string }{
	alt:  `.a-icon-alt`,        // "4.7 out of 5 stars"
	icon: `i[class*="a-star"]`, // a-star-mini-4-5
}

// Offers reads the AOD panel response (/gp/product/ajax/aodAjaxMain/?asin=…)
// or the legacy offer-listing page.
func Offers(r io.Reader, pageURL string) ([]market.Offer, error) {
	doc, m, err := open(r, pageURL, htmlindex.New)
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
func aodOffers(doc *htmlindex.Page, m market.Marketplace) (offers []market.Offer, found bool) {
	panel := doc.Find(aodPanel.panel)
	if panel.Length() == 0 {
		return nil, false
	}
	doc.Find(aodPanel.pinned).First().Each(func(_ int, s *goquery.Selection) {
		if o, ok := aodOffer(s, m); ok {
			o.Pinned = true
			offers = append(offers, o)
		}
	})
	rows := doc.Find(aodPanel.offer).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.ClosestMatcher(htmlindex.Compile(aodPanel.pinned)).Length() == 0
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
	soldBy := find(s, aodPanel.soldBy).First()
	link := find(soldBy, aodPanel.sellerLink).First()
	if link.Length() > 0 {
		href, _ := link.Attr("href")
		o.SellerID = sellerIDFromHref(href)
		o.SellerName = pagetext.Clean(pagetext.Raw(link), maxName)
	} else {
		o.SellerName = firstText(soldBy, maxName, aodPanel.rowValue...)
	}
	if o.SellerID == "" {
		if v, ok := find(s, aodPanel.merchantID).First().Attr("value"); ok {
			o.SellerID = validSellerID(v)
		}
	}
	shipsFrom := firstText(find(s, aodPanel.shipsFrom), maxName, aodPanel.rowValue...)
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
	o.Price = firstPrice(s, m, "", aodPanel.price...)
	if o.Price == nil {
		o.Price = wholePrice(s, m)
	}
	if o.SellerName == "" && o.SellerID == "" || o.Price == nil {
		return market.Offer{}, false
	}
	if v, ok := find(s, aodPanel.shippingAttr).First().Attr("data-csa-c-delivery-price"); ok {
		o.Shipping = shippingFromAttr(v, m)
	}
	o.Condition = condition(firstText(s, maxText, aodPanel.heading))
	o.Prime = find(s, aodPanel.prime).Length() > 0
	if at, ok := find(s, aodPanel.deliveryTime).First().Attr("data-csa-c-delivery-time"); ok {
		o.Delivery = parseDelivery(at)
		if o.Delivery != nil {
			o.Delivery.Text = firstText(s, maxText, aodPanel.deliveryTime)
		}
	}
	if o.Delivery == nil {
		o.Delivery = parseDelivery(firstText(s, maxText, aodPanel.delivery...))
	}
	o.Rating = offerRating(find(s, aodPanel.rating).First())
	return o, true
}

// Condition words per language, checked in this order.
var conditionWords = []struct {
	re *regexp.Regexp
	c  market.Condition
}{
	{regexp.MustCompile(`(?i)refurbished|renewed|整備済|再生品|generalüberholt|reconditionn|reacondicionad|ricondizionat`), market.Refurbished},
	{regexp.MustCompile(`(?i)collectible|コレクター|sammlerstück|de collection|coleccionable|da collezione`), market.Collectible},
	{regexp.MustCompile(`(?i)used|中古|二手|gebraucht|d'occasion|occasion|usad(?:o|a)s?|usat(?:o|i)`), market.Used},
	{regexp.MustCompile(`(?i)\bnew\b|新品|全新|\bneu(?:e|en|er|es)?\b|\bneu(?:f|ve)s?\b|\bnuev(?:o|a)s?\b|\bnuov(?:o|i|a)\b|\bnov(?:o|a)s?\b`), market.New},
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
	// The count may be grouped with spaces ("31 483", fr) and is followed
	// by the word for ratings in the languages the marketplaces serve.
	ratingCountRe   = regexp.MustCompile(`(?i)\(\s*(\d{1,3}(?:[ ,.]\d{3})+|\d+)\s*(?:total\s+)?(?:ratings?|件|个评级|個評級|个评分|條評分|条评分|条评价|bewertungen|évaluations?|valoraciones|calificaciones|valutazioni|avaliações|avaliação|classificações|beoordelingen|değerlendirme|puan)`)
	ratingCountJaRe = regexp.MustCompile(`(\d[\d,.]*)\s*(?:件の評価|个评级|条评分)`)
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
	t := pagetext.Fold(text(s))
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
			if n, ok := pagetext.Atoi(m[1]); ok {
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
	if v := starsFromText(text(find(s, ratingStars.alt).First())); v != nil {
		return v
	}
	var stars *float64
	find(s, ratingStars.icon).EachWithBreak(func(_ int, i *goquery.Selection) bool {
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
	alt = pagetext.Fold(alt)
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
func legacyOffers(doc *htmlindex.Page, m market.Marketplace) ([]market.Offer, bool) {
	rows := doc.Find(offerListing.offer)
	if rows.Length() == 0 && doc.Find(offerListing.list).Length() == 0 {
		return nil, false
	}
	return readOffers(nil, rows, m, legacyOffer), true
}

func legacyOffer(s *goquery.Selection, m market.Marketplace) (market.Offer, bool) {
	var o market.Offer
	name := find(s, offerListing.sellerName).First()
	link := find(name, offerListing.sellerLink).First()
	href, _ := link.Attr("href")
	o.SellerID = sellerIDFromHref(href)
	o.SellerName = pagetext.Clean(pagetext.Raw(link), maxName)
	if o.SellerName == "" {
		// Amazon shows a logo instead of its name.
		if alt, ok := find(name, offerListing.sellerLogo).First().Attr("alt"); ok {
			o.SellerName = pagetext.Clean(alt, maxName)
		}
	}
	if o.SellerID == "" {
		// Amazon's own offer shows an image for a name; its ID is only in
		// the add-to-cart form.
		if v, ok := find(s, offerListing.merchantID).First().Attr("value"); ok {
			o.SellerID = validSellerID(v)
		}
	}
	if o.SellerName == "" && market.IsAmazonSellerID(o.SellerID) {
		o.SellerName = amazonNameOn(m)
	}
	o.Price = firstPrice(s, m, "", offerListing.price)
	if o.Price == nil || o.SellerName == "" && o.SellerID == "" {
		return market.Offer{}, false
	}
	if p := priceInText(text(find(s, offerListing.shippingPrice).First()), m); p != nil {
		o.Shipping = p
	} else if freeWords.MatchString(strings.TrimLeft(text(find(s, offerListing.shippingInfo).First()), "& ")) {
		o.Shipping = &market.Money{Amount: 0, Currency: o.Price.Currency}
	}
	fba := strings.Contains(href, "isAmazonFulfilled=1") || find(s, offerListing.fbaPopover).Length() > 0
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
	o.Condition = condition(text(find(s, offerListing.condition).First()))
	o.Prime = find(s, offerListing.prime).Length() > 0
	avail := find(s, offerListing.availability).First().Clone()
	find(avail, offerListing.expander).Remove()
	o.Delivery = parseDelivery(text(avail))
	if o.Delivery == nil {
		o.Delivery = parseDelivery(firstText(s, maxText, offerListing.fastTrack))
	}
	col := find(s, offerListing.sellerColumn).First()
	o.Rating = offerRating(col)
	return o, true
}
