package amazon

import (
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Where the buy box lives, across layouts. Used-offer rows are left out on
// purpose: the shopper's default choice is the new offer.
const (
	buyBoxSelector  = `#desktop_buybox, #buybox, #desktop_qualifiedBuyBox, #qualifiedBuybox, #newAccordionRow, #newAccordionRow_0, #buyBoxAccordion, #tabular-buybox, #merchant-info, #offerDisplayFeatures_desktop, #apex_offerDisplay_desktop, #merchantInfoFeature_feature_div, #fulfillerInfoFeature_feature_div`
	usedRowSelector = `#usedAccordionRow, [id^="usedAccordionRow"], #usedbuyBox_feature_div`
)

// Price elements of the buy-box offer, best first.
var priceSelectors = []string{
	`#price_inside_buybox`,
	`#newBuyBoxPrice`,
	`#corePrice_feature_div .a-price:not([data-a-strike]) .a-offscreen`,
	`#corePriceDisplay_desktop_feature_div .priceToPay .a-offscreen`,
	`#corePriceDisplay_desktop_feature_div .a-price:not([data-a-strike]):not(.a-text-price) .a-offscreen`,
	`#apex_desktop .a-price:not([data-a-strike]):not(.a-text-price) .a-offscreen`,
	`#priceblock_dealprice`,
	`#priceblock_saleprice`,
	`#priceblock_ourprice`,
	`#buyNewSection .offer-price`,
	`#newOfferAccordionRow .offer-price`,
	`#usedBuySection .offer-price`,
	`#buybox .offer-price`,
}

// List / reference prices: struck-through basis prices and labelled rows.
var listPriceSelectors = []string{
	`#listPrice`,
	`#priceblock_listprice`,
	`.priceBlockStrikePriceString`,
	`#corePriceDisplay_desktop_feature_div .basisPrice .a-offscreen`,
	`#corePrice_feature_div .basisPrice .a-offscreen`,
	`#corePriceDisplay_desktop_feature_div .a-text-price[data-a-strike="true"] .a-offscreen`,
	`#apex_desktop .a-text-price[data-a-strike="true"] .a-offscreen`,
	`#price .a-text-strike`,
}

// listPriceLabels are the labels of a list-price row, in any case.
var listPriceLabels = newFoldLits("参考価格", "メーカー希望小売価格", "list price", "was:", "rrp", "uvp", "unverb", "prix conseillé", "prix de référence", "precio recomendado", "precio de lista", "prezzo consigliato", "typical price")

// Delivery promise elements, best first.
var deliverySelectors = []string{
	`#mir-layout-DELIVERY_BLOCK-slot-PRIMARY_DELIVERY_MESSAGE_LARGE`,
	`#deliveryBlockMessage`,
	`#ddmDeliveryMessage`,
	`#delivery-message`,
	`#fast-track-message`,
}

// Product reads a product page, or a fragment of one (see
// FragmentSelectors), into a Listing. It also reads an all-offers (AOD)
// panel if present in the input into Listing.Offers. Unreadable pages
// return a *market.UnreadableError (market.PageCaptcha, PageNotFound,
// PageError, NotProductPage, NoOffer, UnknownLayout, EmptyPage,
// UnknownMarket), never a Listing with zeros in it.
func Product(r io.Reader, pageURL string) (market.Listing, error) {
	doc, m, err := open(r, pageURL)
	if err != nil {
		return market.Listing{}, err
	}
	l := market.Listing{
		Marketplace: m,
		ASIN:        asinOf(doc, pageURL),
		Title:       firstText(doc, maxTitle, "#productTitle", "#title", "#aod-asin-title-text"),
		URL:         listingURL(doc, pageURL),
	}
	l.Offers, _ = aodOffers(doc, m)
	if l.ASIN == "" && l.Title == "" && len(l.Offers) == 0 {
		return market.Listing{}, market.Unreadable(market.NotProductPage, "no product title, ASIN or buy box")
	}
	offer, err := buyBoxOffer(doc, m)
	switch {
	case err == nil:
		l.Offer = offer
	case pinned(l.Offers) != nil:
		// The panel's pinned offer is the featured offer.
		o := *pinned(l.Offers)
		l.Offer = &o
	default:
		if doc.Find(buyBoxSelector).Length() == 0 && len(l.Offers) == 0 {
			return market.Listing{}, market.Unreadable(market.UnknownLayout, "no buy box found")
		}
		if u, ok := market.AsUnreadable(err); ok {
			if avail := firstText(doc, 100, `#availability`, `#outOfStock`); avail != "" {
				return market.Listing{}, market.Unreadable(u.Code, u.Detail+": "+avail)
			}
		}
		return market.Listing{}, err
	}
	l.ListPrice = listPrice(doc, m)
	return l, nil
}

func pinned(offers []market.Offer) *market.Offer {
	for i := range offers {
		if offers[i].Pinned {
			return &offers[i]
		}
	}
	return nil
}

func listingURL(doc *page, pageURL string) string {
	if u := clean(pageURL, maxURL); u != "" {
		return u
	}
	for _, u := range pageLinks(doc) {
		if _, ok := marketFromURL(u); ok {
			return clean(u, maxURL)
		}
	}
	return ""
}

func asinOf(doc *page, pageURL string) string {
	for _, sel := range []string{`input#ASIN`, `input[name="ASIN"]`, `input#aod-asin-block-asin`, `#aod-asin-block-asin input`, `input#all-offers-display-params-asin`} {
		if v, ok := doc.Find(sel).First().Attr("value"); ok && market.ValidASIN(strings.TrimSpace(v)) {
			return strings.TrimSpace(v)
		}
	}
	for _, u := range append([]string{pageURL}, pageLinks(doc)...) {
		if m := asinPathRe.FindStringSubmatch(u); m != nil {
			return m[1]
		}
	}
	return ""
}

// buyBoxFacts are the raw statements the buy box makes, whatever its layout.
type buyBoxFacts struct {
	soldBy, shipsFrom string // labelled values (tabular / offer-display layouts)
	sentence          string // #merchant-info style sentence
	sellerName        string // seller link text
	sellerID          string
	linkFBA           bool // the seller link says isAmazonFulfilled=1
	used              bool // only a used offer is on sale
	region            *goquery.Selection
}

// buyBoxOffer reads the buy-box offer, or returns a NoOffer error.
func buyBoxOffer(doc *page, m market.Marketplace) (*market.Offer, error) {
	f := readBuyBox(doc)
	if f.region == nil {
		return nil, market.Unreadable(market.NoOffer, "no seller in the buy box")
	}
	o := &market.Offer{SellerName: f.sellerName, SellerID: f.sellerID}
	o.Fulfillment = fulfillment(f, m)
	if o.Fulfillment == market.SoldByAmazon {
		if o.SellerID == "" {
			o.SellerID = m.AmazonSellerID()
		}
		if o.SellerName == "" {
			o.SellerName = amazonName(f, m)
		}
	}
	if o.SellerName == "" && o.SellerID == "" {
		return nil, market.Unreadable(market.NoOffer, "no seller in the buy box")
	}
	o.Price = buyBoxPrice(doc, m)
	if o.Price == nil {
		return nil, market.Unreadable(market.NoOffer, "no price in the buy box")
	}
	o.Shipping = shippingCost(doc, m)
	if f.used {
		o.Condition = market.Used
	} else {
		o.Condition = market.New
	}
	o.Prime = doc.Find(`#buybox i.a-icon-prime, #price i.a-icon-prime, #desktop_buybox i.a-icon-prime, #corePrice_feature_div i.a-icon-prime, #price-shipping-message i.a-icon-prime`).Length() > 0
	o.Delivery = buyBoxDelivery(doc)
	return o, nil
}

// readBuyBox collects what the buy box says about seller and shipper,
// trying each known layout.
func readBuyBox(doc *page) buyBoxFacts {
	var f buyBoxFacts
	notUsedRow := func(s *goquery.Selection) bool {
		return s.ClosestMatcher(q(usedRowSelector)).Length() == 0
	}
	// 2023+ offer-display blocks and the tabular buy box: labelled values.
	// The value text first: the whole block would include its label.
	soldBy := firstMatch(doc, notUsedRow,
		`#merchantInfoFeature_feature_div .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-merchant-info"] .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-merchant-info"]`)
	shipsFrom := firstMatch(doc, notUsedRow,
		`#fulfillerInfoFeature_feature_div .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-fulfiller-info"] .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-fulfiller-info"]`)
	if soldBy.Length() > 0 {
		f.soldBy = clean(rawText(soldBy), maxName)
		f.region = soldBy
		f.shipsFrom = clean(rawText(shipsFrom), maxName)
	} else {
		readTabular(doc, &f)
	}
	// The seller link: #sellerProfileTriggerId, or a seller= link in #merchant-info.
	link := firstMatch(doc, notUsedRow, `#sellerProfileTriggerId`,
		`#merchant-info a[href*="seller="], #tabular-buybox a[href*="seller="], #merchantInfoFeature_feature_div a[href*="seller="], [offer-display-feature-name="desktop-merchant-info"] a[href*="seller="]`)
	if link.Length() > 0 {
		href, _ := link.Attr("href")
		f.sellerID = sellerIDFromHref(href)
		f.sellerName = clean(rawText(link), maxName)
		f.linkFBA = strings.Contains(href, "isAmazonFulfilled=1")
		if f.region == nil {
			f.region = link
		}
		if link.ClosestMatcher(q(`#usedOnlyBuybox, #used_buybox_desktop, #usedbuyBox`)).Length() > 0 {
			f.used = true
		}
	}
	if mi := doc.Find(`#merchant-info`).First(); mi.Length() > 0 {
		// The seller's own name is left out of the sentence, so a seller
		// called "Fulfilled by Amazon" cannot write its way to FBA.
		c := mi.Clone()
		find(c, `a[href*="seller="], #sellerProfileTriggerId`).ReplaceWithHtml("<span>SELLER</span>")
		f.sentence = clean(rawText(c), maxBlockText)
		if f.region == nil && f.sentence != "" {
			f.region = mi
		}
	}
	if f.sellerName == "" && f.soldBy != "" {
		f.sellerName = f.soldBy
	}
	if f.sellerName == "" && f.sentence != "" && !soldByAmazonRe.MatchString(f.sentence) {
		f.sellerName = sellerInSentence(f.sentence)
	}
	if f.sellerID == "" && f.region != nil {
		// The add-to-cart form names the merchant even where no link does.
		if v, ok := doc.Find(`#addToCart input#merchantID, input#merchantID`).First().Attr("value"); ok {
			f.sellerID = validSellerID(v)
		}
	}
	if f.sellerName == "" && f.sellerID == "" && f.sentence == "" {
		f.region = nil
	}
	return f
}

// firstMatch is the first element, in the selectors' order of preference,
// that matches and passes keep; an empty selection if none does.
func firstMatch(doc *page, keep func(*goquery.Selection) bool, selectors ...string) *goquery.Selection {
	for _, sel := range selectors {
		found := doc.Find(sel).FilterFunction(func(_ int, s *goquery.Selection) bool { return keep(s) }).First()
		if found.Length() > 0 {
			return found
		}
	}
	return doc.none
}

// Labels of the tabular buy box rows.
var (
	shipsFromLabelRe = regexp.MustCompile(`(?i)ships from|dispatches from|dispatched from|versand|expédié par|expédition|envío desde|enviado por|spedito da|spedizione|出荷元|発送元`)
	soldByLabelRe    = regexp.MustCompile(`(?i)sold by|verkauf|vendu par|vendido por|venduto da|販売元|販売者`)
)

// readTabular reads the 2020–23 tabular buy box: label cells followed by
// .tabular-buybox-text value cells.
func readTabular(doc *page, f *buyBoxFacts) {
	tab := doc.Find(`#tabular-buybox`).First()
	if tab.Length() == 0 {
		return
	}
	labels := find(tab, `.tabular-buybox-label`)
	values := find(tab, `.tabular-buybox-text`)
	values.Each(func(i int, v *goquery.Selection) {
		label := ""
		if i < labels.Length() {
			label = text(labels.Eq(i))
		}
		val := clean(rawText(v), maxName)
		switch {
		case shipsFromLabelRe.MatchString(label) && f.shipsFrom == "":
			f.shipsFrom = val
		case soldByLabelRe.MatchString(label) && f.soldBy == "":
			f.soldBy = val
		case label == "" && i == 0 && f.shipsFrom == "":
			f.shipsFrom = val // the first row is "Ships from"
		case label == "" && i == 1 && f.soldBy == "":
			f.soldBy = val
		}
	})
	if f.soldBy != "" {
		f.region = tab
	}
}

// Sentences that say who sells and who ships.
var (
	soldByAmazonRe = regexp.MustCompile(`(?i)sold by amazon|verkauf(?: und versand)? durch amazon|vendu(?: et expédié)? par amazon|expédié et vendu par amazon|vendido(?: y enviado)? por amazon|venduto(?: e spedito)? da amazon|amazon(?:\.co\.jp)?\s*が販売|販売元\s*:?\s*amazon`)
	shipsAmazonRe  = regexp.MustCompile(`(?i)fulfil+ed by amazon|ships from amazon|dispatched from amazon|dispatches from amazon|shipped by amazon|versand durch amazon|expédié par amazon|enviado por amazon|spedito da amazon|amazon(?:\.co\.jp)?\s*が発送|出荷元\s*:?\s*amazon`)
)

var (
	amazonInTextRe   = regexp.MustCompile(`(?i)amazon(?:\.[a-z.]{2,6}[a-z])?`)
	shippingChargeRe = regexp.MustCompile(`(?i)^(?:\+.*(?:delivery|shipping|versand|livraison|envío|spedizione|配送料|送料)|(?:配送料|送料)\s*[￥¥])`)
	// sellerInSentenceRe finds the seller's name in a buy-box sentence
	// that does not link it.
	sellerInSentenceRe = regexp.MustCompile(`(?i)(?:^(?:この商品は、)?(.+?)\s*が販売` +
		`|sold by\s+(.+?)(?:\s+and\s+|\.\s|\.?$)` +
		`|verkauf(?: und versand)? durch\s+(.+?)(?:\s+und\s+|\.\s|\.?$)` +
		`|vendu(?: et expédié)? par\s+(.+?)(?:\s+et\s+|\.\s|\.?$)` +
		`|vendido(?: y enviado)? por\s+(.+?)(?:\s+y\s+|\.\s|\.?$)` +
		`|venduto(?: e spedito)? da\s+(.+?)(?:\s+e\s+|\.\s|\.?$))`)
)

// sellerInSentence returns the seller named in a sentence such as
// "X が販売、発送します。" or "Sold by X and Fulfilled by Amazon.", or "".
func sellerInSentence(s string) string {
	m := sellerInSentenceRe.FindStringSubmatch(s)
	for _, g := range m[min(1, len(m)):] {
		if g != "" {
			return clean(g, maxName)
		}
	}
	return ""
}

func fulfillment(f buyBoxFacts, m market.Marketplace) market.Fulfillment {
	switch {
	case isAmazonSeller(f.sellerID, f.sellerName),
		f.sellerID == "" && isAmazonName(f.soldBy),
		f.sellerID == "" && f.sellerName == "" && soldByAmazonRe.MatchString(f.sentence):
		return market.SoldByAmazon
	case f.sellerName == "" && f.sellerID == "":
		return market.FulfillmentUnknown
	case f.linkFBA, shipsFromAmazon(f.shipsFrom, f.sellerName), shipsAmazonRe.MatchString(f.sentence):
		return market.FulfilledByAmazon
	}
	// A third-party seller and no word of Amazon shipping it: the seller
	// ships. Amazon always says so when it fulfils an offer.
	return market.SellerFulfilled
}

// isAmazonSeller reports whether a seller is Amazon itself. Names are
// written by sellers, so a name that claims to be Amazon counts only when
// there is no seller ID to contradict it.
func isAmazonSeller(id, name string) bool {
	if id != "" {
		return market.IsAmazonSellerID(id)
	}
	return isAmazonName(name)
}

// shipsFromAmazon reports whether a "ships from" value names Amazon, and
// is not just the seller's own name (a seller may call itself "Amazon").
func shipsFromAmazon(shipsFrom, sellerName string) bool {
	return isAmazonName(firstWordsOf(shipsFrom)) && !strings.EqualFold(shipsFrom, sellerName)
}

// firstWordsOf trims a "ships from" value such as "Amazon.co.jp" or
// "Amazon" followed by a popover label.
func firstWordsOf(s string) string {
	if i := strings.IndexAny(s, " \u3000"); i > 0 && isAmazonName(s[:i]) {
		return s[:i]
	}
	return s
}

// amazonName is the name Amazon sells under, as the page words it.
func amazonName(f buyBoxFacts, m market.Marketplace) string {
	if f.soldBy != "" && isAmazonName(f.soldBy) {
		return f.soldBy
	}
	if mm := amazonInTextRe.FindString(f.sentence); mm != "" {
		return strings.TrimRight(mm, ".")
	}
	return "Amazon." + strings.TrimPrefix(m.Host(), "amazon.")
}

// corePriceSelector is the 2021+ price block, where the price may only be
// split into symbol / whole / fraction parts, or worded in .aok-offscreen.
const corePriceSelector = `#corePrice_feature_div, #corePriceDisplay_desktop_feature_div .priceToPay, #corePriceDisplay_desktop_feature_div, #apex_desktop`

func buyBoxPrice(doc *page, m market.Marketplace) *market.Money {
	if p := firstPrice(doc, m, usedRowSelector, priceSelectors...); p != nil {
		return p
	}
	var found *market.Money
	doc.Find(corePriceSelector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if s.ClosestMatcher(q(usedRowSelector)).Length() > 0 {
			return true
		}
		if found = wholePrice(s, m); found == nil {
			// "￥12,800 (30% off)": the first price in the sentence.
			found = priceInText(text(find(s, `.aok-offscreen`).First()), m)
		}
		return found == nil
	})
	return found
}

// shippingCost is the buy-box offer's delivery charge, when the page
// names an amount.
func shippingCost(doc *page, m market.Marketplace) *market.Money {
	if v, ok := doc.Find(`#buybox [data-csa-c-delivery-price], #desktop_buybox [data-csa-c-delivery-price]`).First().Attr("data-csa-c-delivery-price"); ok {
		if p := shippingFromAttr(v, m); p != nil {
			return p
		}
	}
	for _, sel := range []string{`#buybox .shipping3P`, `#ourprice_shippingmessage`, `#saleprice_shippingmessage`, `#price-shipping-message`, `#buybox .buyboxShippingLabel`} {
		// "+ £0.60 delivery", "+ ￥350 配送料", "配送料 ￥500": a charge, not a threshold.
		t := text(doc.Find(sel).First())
		if !shippingChargeRe.MatchString(t) {
			continue
		}
		if p := priceInText(t, m); p != nil {
			return p
		}
	}
	return nil
}

func buyBoxDelivery(doc *page) *market.Delivery {
	d := promisedDelivery(doc)
	// "Usually dispatched within 4 to 5 weeks" sits in the availability line.
	if avail := parseDelivery(text(doc.Find(`#availability`).First())); avail != nil && avail.MaxDays > 0 {
		if d == nil {
			return avail
		}
		d.MaxDays = avail.MaxDays
	}
	return d
}

func promisedDelivery(doc *page) *market.Delivery {
	for _, sel := range deliverySelectors {
		s := doc.Find(sel).First()
		if s.Length() == 0 {
			continue
		}
		t := text(s)
		if at, ok := find(s, `[data-csa-c-delivery-time]`).First().Attr("data-csa-c-delivery-time"); ok {
			if d := parseDelivery(at); d != nil {
				d.Text = clean(t, maxText)
				return d
			}
		}
		if d := parseDelivery(t); d != nil {
			return d
		}
	}
	return nil
}

func listPrice(doc *page, m market.Marketplace) *market.Money {
	for _, sel := range listPriceSelectors {
		if p, err := ParsePrice(text(doc.Find(sel).First()), m); err == nil && p.Amount > 0 {
			return &p
		}
	}
	// A labelled row: "参考価格: ￥40,800".
	var found *market.Money
	// Rows nest. The text of a row inside one whose whole text has no
	// label is part of that text, so it has none either.
	var unlabelled *html.Node
	doc.Find(`#price tr, #corePriceDisplay_desktop_feature_div .a-section, #price .a-row, #corePrice_feature_div .a-row`).EachWithBreak(func(_ int, row *goquery.Selection) bool {
		if unlabelled != nil && textInside(row.Nodes[0], unlabelled) {
			return true
		}
		t := text(row)
		loc := listPriceLabels.index(t)
		if loc == nil {
			if utf8.RuneCountInString(t) < maxBlockText {
				unlabelled = row.Nodes[0]
			}
			return true
		}
		found = priceInText(t[loc[1]:], m)
		return found == nil
	})
	return found
}

// textInside reports whether n lies inside outer with its text part of
// outer's text: no element rawText skips stands between them.
func textInside(n, outer *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == outer {
			return true
		}
		if p.Type == html.ElementNode && skipTags[p.Data] {
			return false
		}
	}
	return false
}
