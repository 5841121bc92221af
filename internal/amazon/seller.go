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

// sellerPage is where a seller's profile (/sp?seller=ID) shows what
// SellerProfile reads, across the 2023+, 2022 "-rd" and pre-2022 layouts;
// where a field lists several selectors, the first that gives a value wins.
var sellerPage = struct {
	name           []string
	sections       string // any profile section: none and no name means no profile
	phone          string
	storefrontLink string

	summary       string // the header line "96% positive in the last 12 months (31,483 ratings)" …
	starAlt       string // … and its star text, which spoils the percent match
	periods       []ratingPeriod
	periodCount   string // the count inside a period's box
	noRating      string // the just-launched marker
	yearStars     string // the 12-month star average
	feedbackTable string // the pre-2022 table: rows of cells
	row, cell     string

	details          string // "Detailed Seller Information" (2022+) …
	detailRow        string // … its rows …
	detailLabel      string // … and each row's bold label
	detailList       string // the pre-2022 list of "Label: value" items …
	listItem         string
	nestedList       string // … an item's nested list of address lines …
	nestedListItem   string
	about            []string // the full "about the seller" text
	aboutSection     string   // the section, when no full text is marked …
	aboutBoilerplate string   // … and what in it is not the seller's text
}{
	name:           []string{`#seller-name`, `#sellerName-rd`, `#sellerName`, `#seller-profile-container h1`},
	sections:       `#seller-profile-container, #page-section-detail-seller-info, #seller-feedback-summary, #feedback-summary-table`,
	phone:          `#seller-contact-phone`,
	storefrontLink: `#seller-info-storefront-link a[href], #storefront-link a[href]`,

	summary: `#seller-info-feedback-summary, #seller-feedback-summary-rd, #seller-feedback-summary`,
	starAlt: `.a-icon-alt`,
	periods: []ratingPeriod{
		{`#rating-thirty-num`, func(r *market.Ratings, n int) { r.Days30 = intPtr(n) }},
		{`#rating-90-num`, func(r *market.Ratings, n int) { r.Days90 = intPtr(n) }},
		{`#rating-365d-num`, func(r *market.Ratings, n int) { r.Months12 = intPtr(n) }},
		{`#rating-lifetime-num`, func(r *market.Ratings, n int) { r.Lifetime = intPtr(n) }},
	},
	periodCount:   `.ratings-reviews-count`,
	noRating:      `#feedback-no-rating`,
	yearStars:     `#effective-timeperiod-rating-year-description`,
	feedbackTable: `#feedback-summary-table`,
	row:           `tr`,
	cell:          `td`,

	details:        `#page-section-detail-seller-info`,
	detailRow:      `.a-row`,
	detailLabel:    `.a-text-bold`,
	detailList:     `#seller-profile-container ul.a-nostyle li, #-component-heading ~ ul li, ul.a-unordered-list.a-nostyle.a-vertical li`,
	listItem:       `li`,
	nestedList:     `ul`,
	nestedListItem: `ul li`,
	about: []string{
		`#spp-expander-about-seller .spp-expander-more-content`,
		`#page-section-about-seller .spp-expander-more-content`,
		`#about-seller-text`,
		`#spp-expander-about-seller`,
	},
	aboutSection:     `#page-section-about-seller`,
	aboutBoilerplate: `h1, h2, h3, #seller-contact-button, #seller-contact-text, .spp-expander-less-content`,
}

// ratingPeriod is the 2022+ rating box of one period, and the field of
// market.Ratings its count goes to.
type ratingPeriod struct {
	box string
	set func(*market.Ratings, int)
}

// Labels of the "Detailed Seller Information" rows (JP: 特定商取引法 fields).
var (
	businessNameLabelRe = regexp.MustCompile(`(?i)business name|販売業者|商号|geschäftsname|name des unternehmens|unternehmensname|nom commercial|raison sociale|nom de l.entreprise|nombre (?:de la empresa|comercial)|razón social|ragione sociale|nome (?:dell.azienda|commerciale)`)
	addressLabelRe      = regexp.MustCompile(`(?i)address|住所|所在地|adresse|anschrift|dirección|direccion|indirizzo`)
	businessAddrLabelRe = regexp.MustCompile(`(?i)business address|住所|所在地|geschäftsadresse|adresse commerciale|adresse de l.entreprise|dirección comercial|dirección de la empresa|indirizzo aziendale|indirizzo della sede`)
	serviceAddrLabelRe  = regexp.MustCompile(`(?i)customer|kundendienst|kundenservice|service client|atención al cliente|servizio clienti|お客様`)
	phoneLabelRe        = regexp.MustCompile(`(?i)phone|電話番号|telefon|téléphone|teléfono|telefono`)
	countryRe           = regexp.MustCompile(`^[A-Z]{2}$`)
	noRatingsRe         = regexp.MustCompile(`(?i)just launched|no ratings|no feedback|noch keine bewertungen|aucune évaluation|sin valoraciones|nessuna valutazione|評価はまだありません|まだ評価がありません|評価がありません`)
)

// SellerProfile reads /sp?seller=ID (2023+ layout, 2022 "-rd" layout,
// pre-2022 layout; JP and EN labels).
func SellerProfile(r io.Reader, pageURL string) (market.Seller, error) {
	doc, m, err := open(r, pageURL, htmlindex.New)
	if err != nil {
		return market.Seller{}, err
	}
	s := market.Seller{
		Marketplace: m,
		ID:          sellerIDOfProfile(doc, pageURL),
		Name:        firstText(doc, maxName, sellerPage.name...),
	}
	if s.Name == "" && doc.Find(sellerPage.sections).Length() == 0 {
		return market.Seller{}, market.Unreadable(market.NotSellerPage, "no seller name or profile sections")
	}
	readFeedback(doc, &s)
	readDetails(doc, &s)
	if s.Phone == "" {
		s.Phone = firstText(doc, maxLine, sellerPage.phone)
	}
	s.About = aboutText(doc)
	return s, nil
}

func sellerIDOfProfile(doc *htmlindex.Page, pageURL string) string {
	if id := validSellerID(queryParam(pageURL, "seller")); id != "" {
		return id
	}
	if href, ok := doc.Find(sellerPage.storefrontLink).First().Attr("href"); ok {
		if m := meArgRe.FindStringSubmatch(href); m != nil {
			return m[1]
		}
		if id := sellerIDFromHref(href); id != "" {
			return id
		}
	}
	for _, u := range pageLinks(doc) {
		if id := validSellerID(queryParam(u, "seller")); id != "" {
			return id
		}
	}
	return ""
}

// readFeedback reads the header summary, the per-period counts and the
// just-launched marker. Amazon's own seller pages have none of these, and
// the fields then stay nil: that is "not shown", not "0 ratings".
func readFeedback(doc *htmlindex.Page, s *market.Seller) {
	summary := doc.Find(sellerPage.summary).First()
	if summary.Length() > 0 {
		s.Stars = starsOf(summary)
		// The "4.8 out of 5 stars" alt text would spoil the percent match.
		c := summary.Clone()
		find(c, sellerPage.starAlt).Remove()
		t := pagetext.Fold(text(c))
		s.PositivePercent = positivePercent(t)
		if n := ratingCount(t); n != nil {
			s.Ratings.Months12 = n
		}
		if noRatingsRe.MatchString(t) {
			s.JustLaunched = true
		}
	}
	for _, p := range sellerPage.periods {
		box := doc.Find(p.box).First()
		if box.Length() == 0 {
			continue
		}
		t := text(find(box, sellerPage.periodCount).First())
		if t == "" {
			t = text(box)
		}
		if n, ok := firstInt(t); ok {
			p.set(&s.Ratings, n)
		}
	}
	readFeedbackTable(doc, s)
	if nr := doc.Find(sellerPage.noRating).First(); nr.Length() > 0 {
		s.JustLaunched = true
	}
	if s.Stars == nil {
		s.Stars = starsFromText(text(doc.Find(sellerPage.yearStars).First()))
	}
}

var intRe = regexp.MustCompile(`\d[\d,.]*`)

func firstInt(s string) (int, bool) {
	m := intRe.FindString(pagetext.Fold(s))
	if m == "" {
		return 0, false
	}
	return pagetext.Atoi(strings.TrimRight(m, ".,"))
}

// readFeedbackTable reads the pre-2022 #feedback-summary-table: rows
// positive / neutral / negative / count, columns 30 days / 90 days /
// 12 months / lifetime.
func readFeedbackTable(doc *htmlindex.Page, s *market.Seller) {
	table := doc.Find(sellerPage.feedbackTable).First()
	if table.Length() == 0 {
		return
	}
	rows := find(table, sellerPage.row).FilterFunction(func(_ int, tr *goquery.Selection) bool {
		return find(tr, sellerPage.cell).Length() >= 5
	})
	if rows.Length() == 0 {
		return
	}
	cells := func(tr *goquery.Selection) []string {
		var out []string
		find(tr, sellerPage.cell).Each(func(_ int, td *goquery.Selection) { out = append(out, pagetext.Fold(text(td))) })
		return out
	}
	positive := cells(rows.First())
	if p := positivePercent(positive[1]); p != nil {
		s.PositivePercent30 = p
	}
	if s.PositivePercent == nil {
		s.PositivePercent = positivePercent(positive[3])
	}
	counts := cells(rows.Last())
	setters := []func(int){
		func(n int) { s.Ratings.Days30 = intPtr(n) },
		func(n int) { s.Ratings.Days90 = intPtr(n) },
		func(n int) { s.Ratings.Months12 = intPtr(n) },
		func(n int) { s.Ratings.Lifetime = intPtr(n) },
	}
	for i, set := range setters {
		if strings.Contains(counts[i+1], "%") {
			continue
		}
		if n, ok := firstInt(counts[i+1]); ok {
			set(n)
		}
	}
}

// detailField is one labelled entry of the seller's details.
type detailField struct {
	label, value string
	lines        []string
}

// readDetails reads business name, address, country and phone from the
// detailed seller information (2022+ rows, or the pre-2022 list).
func readDetails(doc *htmlindex.Page, s *market.Seller) {
	fields := detailRows(doc)
	if len(fields) == 0 {
		fields = detailList(doc)
	}
	var addr *detailField
	for i := range fields {
		f := &fields[i]
		switch {
		case s.BusinessName == "" && businessNameLabelRe.MatchString(f.label):
			s.BusinessName = pagetext.Clean(f.value, maxName)
		case addressLabelRe.MatchString(f.label) && !serviceAddrLabelRe.MatchString(f.label):
			// The business block wins over any other address block (EU pages
			// list several).
			if addr == nil || !businessAddrLabelRe.MatchString(addr.label) && businessAddrLabelRe.MatchString(f.label) {
				addr = f
			}
		case s.Phone == "" && phoneLabelRe.MatchString(f.label):
			s.Phone = pagetext.Clean(f.value, maxLine)
		}
	}
	if addr == nil {
		return
	}
	var lines []string
	if addr.value != "" {
		lines = append(lines, addr.value)
	}
	lines = append(lines, addr.lines...)
	for _, l := range lines {
		if l = pagetext.Clean(l, maxLine); l != "" && len(s.Address) < maxLines {
			s.Address = append(s.Address, l)
		}
	}
	if n := len(s.Address); n > 0 && countryRe.MatchString(s.Address[n-1]) {
		s.Country = s.Address[n-1]
	}
}

// detailRows reads the 2022+ layout: .a-row entries with a bold label, and
// .indent-left rows continuing the entry above.
func detailRows(doc *htmlindex.Page) []detailField {
	section := doc.Find(sellerPage.details).First()
	var fields []detailField
	find(section, sellerPage.detailRow).FilterFunction(func(_ int, row *goquery.Selection) bool {
		return find(row, sellerPage.detailRow).Length() == 0
	}).Each(func(_ int, row *goquery.Selection) {
		if len(fields) >= 4*maxLines {
			return
		}
		label := text(find(row, sellerPage.detailLabel).First())
		switch {
		case label != "":
			c := row.Clone()
			find(c, sellerPage.detailLabel).First().Remove()
			fields = append(fields, detailField{label: trimLabel(label), value: text(c)})
		case row.HasClass("indent-left") && len(fields) > 0:
			if t := text(row); t != "" {
				last := &fields[len(fields)-1]
				last.lines = append(last.lines, t)
			}
		}
	})
	return fields
}

// detailList reads the pre-2022 layout: list items "Label: value", the
// address item holding a nested list of lines.
func detailList(doc *htmlindex.Page) []detailField {
	var fields []detailField
	doc.Find(sellerPage.detailList).Each(func(_ int, li *goquery.Selection) {
		if li.ParentsMatcher(htmlindex.Compile(sellerPage.listItem)).Length() > 0 || len(fields) >= 4*maxLines {
			return // nested address lines are read with their item
		}
		c := li.Clone()
		nested := find(c, sellerPage.nestedListItem)
		var lines []string
		nested.Each(func(_ int, n *goquery.Selection) {
			if t := text(n); t != "" {
				lines = append(lines, t)
			}
		})
		find(c, sellerPage.nestedList).Remove()
		t := text(c)
		i := strings.IndexAny(t, ":：")
		if i <= 0 {
			return
		}
		fields = append(fields, detailField{label: trimLabel(t[:i]), value: strings.TrimSpace(t[i+len(string([]rune(t[i:])[0])):]), lines: lines})
	})
	return fields
}

func trimLabel(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ":："))
}

func aboutText(doc *htmlindex.Page) string {
	if t := firstText(doc, maxAbout, sellerPage.about...); t != "" {
		return t
	}
	sec := doc.Find(sellerPage.aboutSection).First()
	if sec.Length() == 0 {
		return ""
	}
	c := sec.Clone()
	find(c, sellerPage.aboutBoilerplate).Remove()
	return pagetext.Clean(pagetext.Raw(c), maxAbout)
}
