package amazon

import (
	"io"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/mikiwame/mikiwame/internal/htmlindex"
	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/pagetext"
)

// productPage is where a product page, or the fragment of one, shows what
// Product reads; where a field lists several selectors, the first that
// gives a value wins. Used-offer rows are left out on purpose: the
// shopper's default choice is the new offer.
var productPage = struct {
	title      []string // the product's name
	asinInputs []string // form inputs holding the ASIN

	buyBox   string // every buy-box layout: none means an unknown layout
	usedRow  string // used and rental offer rows, skipped while a new offer is read
	usedOnly string // a buy box that offers only a used item

	// The used buy box, read when no new offer is featured: the box (the
	// first that matches), its seller's ID as a hidden input, its price,
	// its condition line, and the popovers inside it, which are not its text.
	usedBox      []string
	usedSeller   []string // the seller's link, best first
	usedMerchant string
	usedPrice    []string
	usedHeading  string
	usedRows     string // rows that may state a delivery charge
	popover      string

	// Offers beyond the buy box: "39 used & new from CDN$ 22.46",
	// 「新品の出品：5¥1,980より」, "See All Buying Options".
	offerSummary string
	offerIngress string // a button to the other offers, which may carry no count

	// Digital items: elements only a digital item's page has, and the
	// format the shopper is looking at (swatch or media tab).
	digital        string
	selectedFormat string

	bullets    string // the feature bullets
	byline     string // "Visit the Sony Store", "Brand: Sony"
	breadcrumb string // the category path's links

	// Who sells and who ships: the 2023+ offer-display blocks, the value
	// text first (the whole block would include its label).
	soldBy, shipsFrom []string
	sellerLink        []string // the seller's profile link
	merchantInfo      string   // the legacy "Sold by X and …" sentence
	sentenceSeller    string   // the seller's own link in that sentence
	merchantID        string   // the add-to-cart form's merchant
	tabular           string   // the 2020–23 tabular buy box …
	tabularLabel      string   // … its label cells …
	tabularValue      string   // … and their value cells

	price          []string // the buy-box offer's price
	corePrice      string   // the 2021+ price block, where the price may be split or worded
	corePriceWords string   // the worded price inside it
	listPrice      []string // struck-through list / reference prices
	listPriceRows  string   // rows that may hold a labelled list price
	shippingAttr   string   // the delivery charge as an attribute
	shippingText   []string // the delivery charge as text
	prime          string   // Prime badges of the buy-box offer

	delivery     []string // delivery promises
	deliveryTime string   // a promise's machine-readable date
	availability string   // stock and dispatch times ("Usually dispatched within …")
	unavailable  []string // why nothing is on offer
}{
	title:      []string{`#productTitle`, `#title`, `#aod-asin-title-text`},
	asinInputs: []string{`input#ASIN`, `input[name="ASIN"]`, `input#aod-asin-block-asin`, `#aod-asin-block-asin input`, `input#all-offers-display-params-asin`},

	buyBox:   `#desktop_buybox, #buybox, #desktop_qualifiedBuyBox, #qualifiedBuybox, #newAccordionRow, #newAccordionRow_0, #buyBoxAccordion, #tabular-buybox, #merchant-info, #offerDisplayFeatures_desktop, #apex_offerDisplay_desktop, #merchantInfoFeature_feature_div, #fulfillerInfoFeature_feature_div`,
	usedRow:  `#usedAccordionRow, [id^="usedAccordionRow"], #usedbuyBox_feature_div, #usedOfferAccordionRow, #rentOfferAccordionRow, #usedBuySection, #rentBuySection`,
	usedOnly: `#usedOnlyBuybox, #used_buybox_desktop, #usedbuyBox`,

	usedBox:      []string{`#usedOnlyBuybox`, `#used_buybox_desktop`, `.singleUBB`, `#usedAccordionRow`, `[id^="usedAccordionRow"]`, `#usedOfferAccordionRow`, `#usedbuyBox_feature_div`, `#usedbuyBox`},
	usedSeller:   []string{`#sellerProfileTriggerId`, `a[href*="seller="]:not([href*="sshmPath"])`},
	usedMerchant: `input#usedMerchantID, input[name="usedMerchantID"], input#usedSellingCustomerID`,
	usedPrice:    []string{`.offer-price`, `.header-price`, `.a-price:not([data-a-strike="true"]) .a-offscreen`, `.a-color-price`},
	usedHeading:  `strong, .a-text-bold, h5`,
	usedRows:     `.a-row`,
	popover:      `.a-popover-preload`,

	offerSummary: `#olp_feature_div, #unqualifiedBuyBox, #olpLinkWidget_feature_div, #moreBuyingChoices_feature_div, #mbc, #buybox-see-all-buying-choices, #aod-ingress-link, [id^="olp-upd"], .olp-text-box, .mediaTab_heading.olpLink`,
	offerIngress: `#buybox-see-all-buying-choices, #aod-ingress-link`,

	digital:        `#ebooksProductTitle, #kindle-price, #kindle_meta_binding_winner, #digital-button, #dmusic_buybox_container, #dmusicBuyBox_feature_div, #mas-buybox, #masrw-buy-box, #dv-action-box, #dv-dp-main`,
	selectedFormat: `#tmmSwatches .swatchElement.selected, #tmmSwatches li.selected, #mediaTabs_tabSet .a-active .mediaTab_title`,

	bullets:    `#feature-bullets li`,
	byline:     `#bylineInfo`,
	breadcrumb: `#wayfinding-breadcrumbs_feature_div li a:not(#breadcrumb-back-link)`,

	soldBy: []string{
		`#merchantInfoFeature_feature_div .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-merchant-info"] .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-merchant-info"]`,
	},
	shipsFrom: []string{
		`#fulfillerInfoFeature_feature_div .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-fulfiller-info"] .offer-display-feature-text`,
		`[offer-display-feature-name="desktop-fulfiller-info"]`,
	},
	sellerLink: []string{
		`#sellerProfileTriggerId`,
		`#merchant-info a[href*="seller="], #tabular-buybox a[href*="seller="], #merchantInfoFeature_feature_div a[href*="seller="], [offer-display-feature-name="desktop-merchant-info"] a[href*="seller="]`,
	},
	merchantInfo:   `#merchant-info`,
	sentenceSeller: `a[href*="seller="], #sellerProfileTriggerId`,
	merchantID:     `#addToCart input#merchantID, input#merchantID`,
	tabular:        `#tabular-buybox`,
	tabularLabel:   `.tabular-buybox-label`,
	tabularValue:   `.tabular-buybox-text`,

	price: []string{
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
		`#buybox .offer-price`,
		// The 2019 media accordion: the price in the active row's header.
		`#mediaNoAccordion .header-price`,
		`#newOfferAccordionRow .header-price`,
		`#buybox .header-price`,
	},
	corePrice:      `#corePrice_feature_div, #corePriceDisplay_desktop_feature_div .priceToPay, #corePriceDisplay_desktop_feature_div, #apex_desktop`,
	corePriceWords: `.aok-offscreen`,
	listPrice: []string{
		`#listPrice`,
		`#priceblock_listprice`,
		`.priceBlockStrikePriceString`,
		`#corePriceDisplay_desktop_feature_div .basisPrice .a-offscreen`,
		`#corePrice_feature_div .basisPrice .a-offscreen`,
		`#corePriceDisplay_desktop_feature_div .a-text-price[data-a-strike="true"] .a-offscreen`,
		`#apex_desktop .a-text-price[data-a-strike="true"] .a-offscreen`,
		`#price .a-text-strike`,
		`#buyNewSection .a-text-strike`,
		`#buyBoxInner .a-text-strike`,
		`#mediaNoAccordion .a-text-strike`,
		`#newOfferAccordionRow .a-text-strike`,
		`#buybox .a-text-strike`,
	},
	listPriceRows: `#price tr, #corePriceDisplay_desktop_feature_div .a-section, #price .a-row, #corePrice_feature_div .a-row, #buybox li, #buyBoxInner li`,
	shippingAttr:  `#buybox [data-csa-c-delivery-price], #desktop_buybox [data-csa-c-delivery-price]`,
	shippingText:  []string{`#buybox .shipping3P`, `#ourprice_shippingmessage`, `#saleprice_shippingmessage`, `#price-shipping-message`, `#buybox .buyboxShippingLabel`},
	prime:         `#buybox i.a-icon-prime, #price i.a-icon-prime, #desktop_buybox i.a-icon-prime, #corePrice_feature_div i.a-icon-prime, #price-shipping-message i.a-icon-prime`,

	delivery: []string{
		`#mir-layout-DELIVERY_BLOCK-slot-PRIMARY_DELIVERY_MESSAGE_LARGE`,
		`#deliveryBlockMessage`,
		`#ddmDeliveryMessage`,
		`#delivery-message`,
		`#fast-track-message`,
	},
	deliveryTime: `[data-csa-c-delivery-time]`,
	availability: `#availability`,
	unavailable:  []string{`#availability`, `#outOfStock`},
}

// Product reads a product page, or a fragment of one (see
// FragmentSelectors), into a Listing. It also reads an all-offers (AOD)
// panel if present in the input into Listing.Offers. A page with no
// featured offer that still names other offers ("39 used & new from …",
// "See All Buying Options") gives a Listing with Offer nil and
// OfferSummary set. Unreadable pages return a *market.UnreadableError
// (market.PageCaptcha, PageNotFound, PageError, NotProductPage, NoOffer,
// DigitalItem, UnknownLayout, EmptyPage, UnknownMarket), never a Listing
// with zeros in it.
func Product(r io.Reader, pageURL string) (market.Listing, error) {
	return product(r, pageURL, htmlindex.New)
}

// product is Product with the page built by index.
func product(r io.Reader, pageURL string, index pageIndex) (market.Listing, error) {
	doc, m, err := open(r, pageURL, index)
	if err != nil {
		return market.Listing{}, err
	}
	l := market.Listing{
		Marketplace: m,
		ASIN:        asinOf(doc, pageURL),
		Title:       firstText(doc, maxTitle, productPage.title...),
		URL:         listingURL(doc, pageURL),
	}
	l.Offers, _ = aodOffers(doc, m)
	if l.ASIN == "" && l.Title == "" && len(l.Offers) == 0 {
		return market.Listing{}, market.Unreadable(market.NotProductPage, "no product title, ASIN or buy box")
	}
	l.OfferSummary = offerSummary(doc, m)
	digital, known := digitalFormat(doc)
	if digital {
		// The shopper is looking at the Kindle / MP3 / app format: its buy
		// box is Amazon's or the publisher's, not a marketplace offer.
		return market.Listing{}, market.Unreadable(market.DigitalItem, "a digital item, not a marketplace offer")
	}
	offer, err := buyBoxOffer(doc, m)
	switch {
	case err == nil:
		l.Offer = offer
	case pinned(l.Offers) != nil:
		// The panel's pinned offer is the featured offer.
		o := *pinned(l.Offers)
		l.Offer = &o
	case !known && doc.Find(productPage.digital).Length() > 0:
		// A digital item's page that names no selected format. Only when
		// no physical offer could be read: a book's page shows Kindle
		// blocks beside its paper buy box.
		return market.Listing{}, market.Unreadable(market.DigitalItem, "a digital item, not a marketplace offer")
	case l.OfferSummary != nil || len(l.Offers) > 0:
		// No featured offer, but offers exist: the scorer says so and
		// points to the all-offers panel, never "nothing on offer".
		if l.OfferSummary == nil {
			l.OfferSummary = summaryOf(l.Offers)
		}
	default:
		if doc.Find(productPage.buyBox).Length() == 0 {
			return market.Listing{}, market.Unreadable(market.UnknownLayout, "no buy box found")
		}
		if u, ok := market.AsUnreadable(err); ok {
			if avail := firstText(doc, 100, productPage.unavailable...); avail != "" {
				return market.Listing{}, market.Unreadable(u.Code, u.Detail+": "+avail)
			}
		}
		return market.Listing{}, err
	}
	l.ListPrice = listPrice(doc, m)
	l.Bullets = bullets(doc)
	l.Brand = brandOf(text(doc.Find(productPage.byline).First()))
	l.Category = categoryPath(doc)
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

func listingURL(doc *htmlindex.Page, pageURL string) string {
	if u := pagetext.Clean(pageURL, maxURL); u != "" {
		return u
	}
	for _, u := range pageLinks(doc) {
		if _, ok := marketFromURL(u); ok {
			return pagetext.Clean(u, maxURL)
		}
	}
	return ""
}

func asinOf(doc *htmlindex.Page, pageURL string) string {
	for _, sel := range productPage.asinInputs {
		if v, ok := doc.Find(sel).First().Attr("value"); ok && market.ValidASIN(strings.TrimSpace(v)) {
			return strings.TrimSpace(v)
		}
	}
	for _, u := range append([]string{pageURL}, pageLinks(doc)...) {
		if asin := market.ASINFromURL(u); asin != "" {
			return asin
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

// buyBoxOffer reads the buy-box offer, or returns a NoOffer error. The
// new offer comes first; a buy box that features only a used offer
// ("Used: Very Good | Sold by X") gives that offer with its condition.
func buyBoxOffer(doc *htmlindex.Page, m market.Marketplace) (*market.Offer, error) {
	o, err := newBuyBoxOffer(doc, m)
	if err == nil {
		return o, nil
	}
	if used := usedBuyBoxOffer(doc, m); used != nil {
		return used, nil
	}
	return nil, err
}

// newBuyBoxOffer reads the buy box's new offer, or returns a NoOffer error.
func newBuyBoxOffer(doc *htmlindex.Page, m market.Marketplace) (*market.Offer, error) {
	f := readBuyBox(doc)
	if f.region == nil {
		return nil, market.Unreadable(market.NoOffer, "no seller in the buy box")
	}
	o := sellerOffer(f, m)
	if o == nil {
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
	o.Prime = doc.Find(productPage.prime).Length() > 0
	o.Delivery = buyBoxDelivery(doc)
	return o, nil
}

// sellerOffer is the offer with the seller and fulfilment the facts name,
// or nil when they name no seller.
func sellerOffer(f buyBoxFacts, m market.Marketplace) *market.Offer {
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
		return nil
	}
	return o
}

// usedBuyBoxOffer reads a buy box that features a used (or collectible,
// refurbished) offer: "Used: Very Good | Sold by X", "D'occasion: Très bon
// Vendu par X", with the seller's link or hidden merchant ID, a price and
// maybe a delivery charge. nil when there is none.
func usedBuyBoxOffer(doc *htmlindex.Page, m market.Marketplace) *market.Offer {
	var box *goquery.Selection
	for _, sel := range productPage.usedBox {
		if b := doc.Find(sel).First(); b.Length() > 0 {
			box = b
			break
		}
	}
	if box == nil {
		return nil
	}
	c := box.Clone()
	find(c, productPage.popover).Remove()
	f := buyBoxFacts{region: box, used: true}
	if link := firstIn(c, productPage.usedSeller...); link.Length() > 0 {
		href, _ := link.Attr("href")
		f.sellerID = sellerIDFromHref(href)
		f.sellerName = pagetext.Clean(pagetext.Raw(link), maxName)
		f.linkFBA = strings.Contains(href, "isAmazonFulfilled=1")
	}
	if f.sellerID == "" {
		if v, ok := doc.Find(productPage.usedMerchant).First().Attr("value"); ok {
			f.sellerID = validSellerID(v)
		}
	}
	// The box's own words, the seller's name left out as in #merchant-info.
	heading := c.Clone()
	find(c, productPage.sentenceSeller).ReplaceWithHtml("<span>SELLER</span>")
	f.sentence = pagetext.Clean(pagetext.Raw(c), maxBlockText)
	o := sellerOffer(f, m)
	if o == nil {
		return nil
	}
	o.Price = firstPrice(box, m, "", productPage.usedPrice...)
	if o.Price == nil {
		return nil
	}
	find(c, productPage.usedRows).EachWithBreak(func(_ int, row *goquery.Selection) bool {
		t := text(row)
		if shippingChargeRe.MatchString(t) {
			o.Shipping = priceInText(t, m)
		}
		return o.Shipping == nil
	})
	o.Condition = market.Used
	find(heading, productPage.usedHeading).EachWithBreak(func(_ int, h *goquery.Selection) bool {
		if c := condition(text(h)); c != "" && c != market.New {
			o.Condition = c
			return false
		}
		return true
	})
	if o.Shipping == nil {
		o.Shipping = shippingCost(doc, m)
	}
	o.Prime = doc.Find(productPage.prime).Length() > 0
	o.Delivery = buyBoxDelivery(doc)
	return o
}

// firstIn is the first element under s matching one of the selectors,
// best first; an empty selection if none does.
func firstIn(s *goquery.Selection, selectors ...string) *goquery.Selection {
	for _, sel := range selectors {
		if found := find(s, sel).First(); found.Length() > 0 {
			return found
		}
	}
	return s.Slice(0, 0)
}

// readBuyBox collects what the buy box says about seller and shipper,
// trying each known layout.
func readBuyBox(doc *htmlindex.Page) buyBoxFacts {
	var f buyBoxFacts
	notUsedRow := func(s *goquery.Selection) bool {
		return s.ClosestMatcher(htmlindex.Compile(productPage.usedRow)).Length() == 0
	}
	// 2023+ offer-display blocks and the tabular buy box: labelled values.
	// The value text first: the whole block would include its label.
	soldBy := firstMatch(doc, notUsedRow, productPage.soldBy...)
	shipsFrom := firstMatch(doc, notUsedRow, productPage.shipsFrom...)
	if soldBy.Length() > 0 {
		f.soldBy = pagetext.Clean(pagetext.Raw(soldBy), maxName)
		f.region = soldBy
		f.shipsFrom = pagetext.Clean(pagetext.Raw(shipsFrom), maxName)
	} else {
		readTabular(doc, &f)
	}
	// The seller link: #sellerProfileTriggerId, or a seller= link in #merchant-info.
	link := firstMatch(doc, notUsedRow, productPage.sellerLink...)
	if link.Length() > 0 {
		href, _ := link.Attr("href")
		f.sellerID = sellerIDFromHref(href)
		f.sellerName = pagetext.Clean(pagetext.Raw(link), maxName)
		f.linkFBA = strings.Contains(href, "isAmazonFulfilled=1")
		if f.region == nil {
			f.region = link
		}
		if link.ClosestMatcher(htmlindex.Compile(productPage.usedOnly)).Length() > 0 {
			f.used = true
		}
	}
	if mi := doc.Find(productPage.merchantInfo).First(); mi.Length() > 0 {
		// The seller's own name is left out of the sentence, so a seller
		// called "Fulfilled by Amazon" cannot write its way to FBA.
		c := mi.Clone()
		find(c, productPage.sentenceSeller).ReplaceWithHtml("<span>SELLER</span>")
		f.sentence = pagetext.Clean(pagetext.Raw(c), maxBlockText)
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
		if v, ok := doc.Find(productPage.merchantID).First().Attr("value"); ok {
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
func firstMatch(doc *htmlindex.Page, keep func(*goquery.Selection) bool, selectors ...string) *goquery.Selection {
	for _, sel := range selectors {
		found := doc.Find(sel).FilterFunction(func(_ int, s *goquery.Selection) bool { return keep(s) }).First()
		if found.Length() > 0 {
			return found
		}
	}
	return doc.Empty()
}

// Labels of the tabular buy box rows, in every interface language the
// marketplaces serve (amazon.es in Portuguese, co.jp in Chinese, .de in
// Turkish …).
var (
	shipsFromLabelRe = regexp.MustCompile(`(?i)ships from|dispatches from|dispatched from|versand|expédié par|expédition|envío desde|enviado desde|enviado por|enviado de|expedido por|spedito da|spedizione|出荷元|発送元|发货方|配送方|发货地|出货方|gönderici|gönderen|kargolayan`)
	soldByLabelRe    = regexp.MustCompile(`(?i)sold by|verkauf|vendu par|vendido por|venduto da|販売元|販売者|卖家|销售方|销售商|賣家|satıcı`)
)

// readTabular reads the 2020–23 tabular buy box: label cells followed by
// .tabular-buybox-text value cells.
func readTabular(doc *htmlindex.Page, f *buyBoxFacts) {
	tab := doc.Find(productPage.tabular).First()
	if tab.Length() == 0 {
		return
	}
	labels := find(tab, productPage.tabularLabel)
	values := find(tab, productPage.tabularValue)
	values.Each(func(i int, v *goquery.Selection) {
		label := ""
		if i < labels.Length() {
			label = text(labels.Eq(i))
		}
		val := pagetext.Clean(pagetext.Raw(v), maxName)
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
	soldByAmazonRe = regexp.MustCompile(`(?i)sold by amazon|verkauf(?: und versand)? durch amazon|vendu(?: et expédié)? par amazon|expédié et vendu par amazon|vendido(?: (?:y|e) enviado)? por amazon|enviado (?:y|e) vendido por amazon|venduto(?: e spedito)? da amazon|amazon(?:\.co\.jp)?\s*が販売|販売元\s*:?\s*amazon|由\s*amazon(?:\.co\.jp|\.com)?\s*(?:销售|販售)|amazon(?:\.co\.jp|\.com)?\s*销售|卖家\s*[:：]?\s*amazon|amazon(?:\.com\.tr)? tarafından satılır`)
	shipsAmazonRe  = regexp.MustCompile(`(?i)fulfil+ed by amazon|ships from amazon|dispatched from amazon|dispatches from amazon|shipped by amazon|versand durch amazon|expédié par amazon|enviado (?:por|desde|de) amazon|expedido por amazon|spedito da amazon|amazon(?:\.co\.jp)?\s*が発送|出荷元\s*:?\s*amazon|由\s*amazon(?:\.co\.jp|\.com)?\s*(?:发货|配送)|amazon(?:\.co\.jp|\.com)?\s*(?:发货|配送)|amazon tarafından gönderilir`)
)

var (
	amazonInTextRe = regexp.MustCompile(`(?i)amazon(?:\.[a-z.]{2,6}[a-z])?`)
	// sellerInSentenceRe finds the seller's name in a buy-box sentence
	// that does not link it.
	sellerInSentenceRe = regexp.MustCompile(`(?i)(?:^(?:この商品は、)?(.+?)\s*が販売` +
		`|sold by\s+(.+?)(?:\s+and\s+|\.\s|\.?$)` +
		`|verkauf(?: und versand)? durch\s+(.+?)(?:\s+und\s+|\.\s|\.?$)` +
		`|vendu(?: et expédié)? par\s+(.+?)(?:\s+et\s+|\.\s|\.?$)` +
		`|vendido(?: (?:y|e) enviado)? por\s+(.+?)(?:\s+(?:y|e)\s+|\.\s|\.?$)` +
		`|由\s*(.+?)\s*(?:销售|販售)` +
		`|venduto(?: e spedito)? da\s+(.+?)(?:\s+e\s+|\.\s|\.?$))`)
)

// sellerInSentence returns the seller named in a sentence such as
// "X が販売、発送します。" or "Sold by X and Fulfilled by Amazon.", or "".
func sellerInSentence(s string) string {
	m := sellerInSentenceRe.FindStringSubmatch(s)
	for _, g := range m[min(1, len(m)):] {
		if g != "" {
			return pagetext.Clean(g, maxName)
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
	return amazonNameOn(m)
}

// amazonNameOn is the name Amazon sells under on m ("Amazon.co.jp").
func amazonNameOn(m market.Marketplace) string {
	return "Amazon." + strings.TrimPrefix(m.Host(), "amazon.")
}

// Caps on what a listing's own texts yield.
const (
	maxBullets = 10
	maxBullet  = 1000
)

// offerSummaryCountRe is the offer count once the price is taken out of
// the line: "39 used & new from", 「新品・中古品の出品：5 より」, "New (5) from".
var offerSummaryCountRe = regexp.MustCompile(`\d[\d,.]*`)

// offerSummary reads the "N offers from X" line beside or instead of the
// buy box. A button with neither count nor price ("See All Buying
// Options") still says that offers exist; an empty placeholder does not.
// nil when the page shows no such line.
func offerSummary(doc *htmlindex.Page, m market.Marketplace) *market.OfferSummary {
	var found *market.OfferSummary
	ingress := htmlindex.Compile(productPage.offerIngress)
	doc.Find(productPage.offerSummary).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		t := pagetext.Fold(text(s))
		if t == "" {
			return true
		}
		sum := &market.OfferSummary{Condition: summaryCondition(t)}
		rest := t
		if loc := priceInTextRe.FindStringIndex(t); loc != nil {
			sum.Lowest = priceInText(t[loc[0]:loc[1]], m)
			rest = t[:loc[0]] + " " + t[loc[1]:]
		}
		if n := offerSummaryCountRe.FindString(rest); n != "" {
			if c, ok := pagetext.Atoi(strings.TrimRight(n, ".,")); ok && c < 100000 {
				sum.Count = c
			}
		}
		if found == nil && s.IsMatcher(ingress) {
			found = sum
		}
		if sum.Count > 0 || sum.Lowest != nil {
			found = sum
			return false
		}
		return true
	})
	return found
}

// summaryCondition is the condition a summary line names: "" when it
// names both new and used offers, or neither.
func summaryCondition(t string) market.Condition {
	var found market.Condition
	for _, w := range conditionWords {
		if !w.re.MatchString(t) {
			continue
		}
		if found != "" {
			return ""
		}
		found = w.c
	}
	return found
}

// summaryOf is the summary of the panel's offers, for a page whose panel
// is open but names no featured offer.
func summaryOf(offers []market.Offer) *market.OfferSummary {
	sum := &market.OfferSummary{Count: len(offers)}
	for i, o := range offers {
		if t := o.Total(); t != nil && (sum.Lowest == nil || t.Currency == sum.Lowest.Currency && t.Amount < sum.Lowest.Amount) {
			sum.Lowest = t
		}
		if i == 0 {
			sum.Condition = o.Condition
		} else if o.Condition != sum.Condition {
			sum.Condition = ""
		}
	}
	return sum
}

// digitalFormatRe names a digital format in a swatch or media tab.
var digitalFormatRe = regexp.MustCompile(`(?i)kindle|e-?book|mp3|audible|prime video|digital|\bapps?\b|電子書籍|デジタル|ダウンロード|アプリ|オーディオブック`)

// digitalFormat reports whether the format the shopper has selected (the
// selected swatch or media tab) is a digital one; known is false when the
// page names no selected format.
func digitalFormat(doc *htmlindex.Page) (digital, known bool) {
	f := text(doc.Find(productPage.selectedFormat).First())
	if f == "" {
		return false, false
	}
	return digitalFormatRe.MatchString(f) && !physicalFormatRe.MatchString(f), true
}

// physicalFormatRe names a format on a carrier: "MP3 CD" is physical.
var physicalFormatRe = regexp.MustCompile(`(?i)\bcd\b|dvd|blu-ray|vinyl|paperback|hardcover|taschenbuch|broché|tapa|ペーパーバック|単行本|文庫|ハードカバー`)

// bullets are the listing's feature bullets, cleaned and capped.
func bullets(doc *htmlindex.Page) []string {
	var out []string
	doc.Find(productPage.bullets).EachWithBreak(func(_ int, li *goquery.Selection) bool {
		if t := pagetext.Clean(pagetext.Raw(li), maxBullet); t != "" {
			out = append(out, t)
		}
		return len(out) < maxBullets
	})
	return out
}

// bylineBrandRes take the brand out of the byline in the marketplaces'
// languages. A byline that matches none (a book's authors) gives no brand.
var bylineBrandRes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^visit the (.+?) store$`),
	regexp.MustCompile(`(?i)^(?:brand|marke|marque|marca|merk|ブランド|品牌)\s*[:：]\s*(.+)$`),
	regexp.MustCompile(`^(.+?)\s*(?:の)?ストアを表示$`),
	regexp.MustCompile(`(?i)^besuche den (.+?)-store$`),
	regexp.MustCompile(`(?i)^visitez la boutique (.+)$`),
	regexp.MustCompile(`(?i)^visita la tienda de (.+)$`),
	regexp.MustCompile(`(?i)^visita lo store di (.+)$`),
	regexp.MustCompile(`(?i)^visite a loja (?:da |de |do )?(.+)$`),
	regexp.MustCompile(`(?i)^(?:visit|besuche|visitez|visita|visite)\b.*?\b(?:store|boutique|tienda|loja)\s+(?:de |di |da |do )?(.+)$`),
	regexp.MustCompile(`^访问\s*(.+?)\s*(?:品牌)?店铺$`),
}

// bylineNoteRe is a note after the brand about the store's language,
// "(em Espanhol)", "(in English)".
var bylineNoteRe = regexp.MustCompile(`(?i)\s*\((?:em|in|en|auf|su|in)\s[^)]*\)$`)

func brandOf(byline string) string {
	byline = bylineNoteRe.ReplaceAllString(byline, "")
	for _, re := range bylineBrandRes {
		if m := re.FindStringSubmatch(byline); m != nil {
			return pagetext.Clean(m[1], maxName)
		}
	}
	return ""
}

// categoryPath is the breadcrumb's path, outermost first.
func categoryPath(doc *htmlindex.Page) string {
	var parts []string
	doc.Find(productPage.breadcrumb).EachWithBreak(func(_ int, a *goquery.Selection) bool {
		if t := pagetext.Clean(pagetext.Raw(a), maxName); t != "" {
			parts = append(parts, t)
		}
		return len(parts) < maxLines
	})
	return pagetext.Clean(strings.Join(parts, " > "), maxText)
}
