package amazon

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

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
	container      string // the profile's outer block, present before it renders
	lang           string // the page's interface language
	phone          string
	storefrontLink string

	starsBy      []starPeriod // the star average per period (2023+)
	feedbackRow  string       // a buyer's comment on the first page …
	feedbackText []string     // … its text, best first …
	feedbackBy   string       // … and "By X on February 28, 2026."

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
	name:      []string{`#seller-name`, `#sellerName-rd`, `#sellerName`, `#seller-profile-container h1`},
	sections:  `#seller-profile-container, #page-section-detail-seller-info, #seller-feedback-summary, #feedback-summary-table`,
	container: `#seller-profile-container`,
	lang:      `html[lang]`,
	phone:     `#seller-contact-phone`,

	starsBy: []starPeriod{
		{`#effective-timeperiod-rating-thirty-description`, `#rating-thirty-stars`, func(s *market.Stars, v float64) { s.Days30 = &v }},
		{`#effective-timeperiod-rating-ninety-description`, `#rating-90-stars`, func(s *market.Stars, v float64) { s.Days90 = &v }},
		{`#effective-timeperiod-rating-year-description`, `#rating-365d-stars`, func(s *market.Stars, v float64) { s.Months12 = &v }},
		{`#effective-timeperiod-rating-lifetime-description`, `#rating-lifetime-stars`, func(s *market.Stars, v float64) { s.Lifetime = &v }},
	},
	feedbackRow:    `.feedback-row`,
	feedbackText:   []string{`.expandable-expanded-text`, `.a-text-quote`, `.feedback-text`},
	feedbackBy:     `.feedback-rater`,
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

// starPeriod is where the 2023+ profile shows one period's star average
// ("4.8"), or its box with the star icon's alt text, and the field of
// market.Stars it goes to.
type starPeriod struct {
	description, box string
	set              func(*market.Stars, float64)
}

// ratingPeriod is the 2022+ rating box of one period, and the field of
// market.Ratings its count goes to.
type ratingPeriod struct {
	box string
	set func(*market.Ratings, int)
}

// Labels of the "Detailed Seller Information" rows (JP: 特定商取引法 fields).
var (
	// In every interface language a marketplace serves: a co.jp profile
	// in Chinese labels them 企业名称 / 商家名称, 地址, 电话号码.
	businessNameLabelRe = regexp.MustCompile(`(?i)business name|販売業者|商号|企业名称|商家名称|公司名称|企業名稱|商家名稱|geschäftsname|name des unternehmens|unternehmensname|nom commercial|raison sociale|nom de l.entreprise|nombre (?:de la empresa|comercial)|razón social|ragione sociale|nome (?:dell.azienda|commerciale|da empresa|comercial)|işletme adı|şirket adı`)
	addressLabelRe      = regexp.MustCompile(`(?i)address|住所|所在地|地址|adresse|anschrift|dirección|direccion|indirizzo|morada|endereço|adres`)
	businessAddrLabelRe = regexp.MustCompile(`(?i)business address|住所|所在地|企业地址|营业地址|公司地址|商家地址|geschäftsadresse|adresse commerciale|adresse de l.entreprise|dirección comercial|dirección de la empresa|indirizzo aziendale|indirizzo della sede|morada (?:da empresa|comercial)|endereço (?:comercial|da empresa)|işletme adresi`)
	serviceAddrLabelRe  = regexp.MustCompile(`(?i)customer|kundendienst|kundenservice|service client|atención al cliente|servizio clienti|お客様|客服|客户服务|apoio ao cliente|atendimento|müşteri`)
	phoneLabelRe        = regexp.MustCompile(`(?i)phone|電話番号|电话|電話|telefon|téléphone|teléfono|telefono|telefone`)
	countryRe           = regexp.MustCompile(`^[A-Z]{2}$`)
	noRatingsRe         = regexp.MustCompile(`(?i)just launched|no ratings|no feedback|noch keine bewertungen|aucune évaluation|sin valoraciones|nessuna valutazione|sem avaliações|評価はまだありません|まだ評価がありません|評価がありません|新規出品者|暂无评级|暂无评分|新卖家`)
)

// SellerProfile reads /sp?seller=ID (2023+ layout, 2022 "-rd" layout,
// pre-2022 layout; JP and EN labels).
func SellerProfile(r io.Reader, pageURL string) (market.Seller, error) {
	doc, m, err := open(r, pageURL, htmlindex.New)
	if err != nil {
		return market.Seller{}, err
	}
	if other, ok := otherMarketplace(doc, m); ok {
		return market.Seller{}, market.Unreadable(market.OtherMarketplace, "the profile is of "+other.Host()+", not "+m.Host())
	}
	s := market.Seller{
		Marketplace: m,
		ID:          sellerIDOfProfile(doc, pageURL),
		Name:        firstText(doc, maxName, sellerPage.name...),
		Language:    pageLanguage(doc, pageURL),
	}
	if s.Name == "" && doc.Find(sellerPage.sections).Length() == 0 {
		return market.Seller{}, market.Unreadable(market.NotSellerPage, "no seller name or profile sections")
	}
	if s.Name == "" && text(doc.Find(sellerPage.sections)) == "" {
		// The container is there but nothing has rendered in it: that is
		// not a seller without ratings or address.
		return market.Seller{}, market.Unreadable(market.EmptyPage, "the profile has not rendered: no name, ratings or details")
	}
	readFeedback(doc, &s)
	readStarsBy(doc, &s)
	s.Feedback = feedbackRows(doc)
	readDetails(doc, &s)
	if s.Phone == "" {
		s.Phone = firstText(doc, maxLine, sellerPage.phone)
	}
	s.About = aboutText(doc)
	if len(s.NotRead) == 0 && s.Language == m.Language() {
		s.Language = "" // the marketplace's own language: nothing to report
	}
	return s, nil
}

// pageLanguage is the interface language the page was served in: the
// language= of its URL ("zh_CN"), else its html lang ("ja-jp"), as a
// lower-case code ("zh", "ja"); "" when neither says.
func pageLanguage(doc *htmlindex.Page, pageURL string) string {
	lang := queryParam(pageURL, "language")
	if lang == "" {
		lang, _ = doc.Find(sellerPage.lang).First().Attr("lang")
	}
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) < 2 || len(lang) > 3 || strings.Trim(lang, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	return lang
}

// otherMarketplace reports the marketplace a profile's own links name
// when it is not m, the one it was fetched from: the canonical or og:url
// link's host, or the storefront link's host or marketplaceID=.
func otherMarketplace(doc *htmlindex.Page, m market.Marketplace) (market.Marketplace, bool) {
	links := pageLinks(doc)
	if href, ok := doc.Find(sellerPage.storefrontLink).First().Attr("href"); ok {
		links = append(links, href)
		if other, ok := market.MarketplaceFromID(queryParam(href, "marketplaceID")); ok && other != m {
			return other, true
		}
	}
	for _, u := range links {
		if other, ok := marketFromURL(u); ok && other != m {
			return other, true
		}
	}
	return "", false
}

// notRead records that part of the profile is on the page in a wording
// or layout the reader does not know.
func notRead(s *market.Seller, part string) {
	for _, p := range s.NotRead {
		if p == part {
			return
		}
	}
	s.NotRead = append(s.NotRead, part)
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
		if s.PositivePercent == nil && s.Ratings.Months12 == nil && !s.JustLaunched &&
			doc.Find(sellerPage.noRating).Length() == 0 {
			// A summary is shown but says nothing we can read (an unknown
			// wording, or not rendered yet): unknown, not zero ratings.
			notRead(s, "ratings")
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
	section := doc.Find(sellerPage.details).First()
	defer func() {
		// The details are on the page but no address was read from them:
		// their wording is unknown, or they have not rendered. That is
		// not "no address published".
		if section.Length() > 0 && len(s.Address) == 0 {
			notRead(s, "address")
		}
	}()
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
	var address []string
	for _, l := range lines {
		if l = pagetext.Clean(l, maxLine); l != "" && len(address) < maxLines {
			address = append(address, l)
		}
	}
	if !looksLikeAddress(address) {
		return // a sentence where the address should be: not read
	}
	s.Address = address
	if n := len(s.Address); n > 0 && countryRe.MatchString(s.Address[n-1]) {
		s.Country = s.Address[n-1]
	}
}

// Marks of an address: a postcode-like number, and sentence marks.
var (
	addressNumberRe = regexp.MustCompile(`\d{3}`)
	sentenceMarkRe  = regexp.MustCompile(`[。！？!?]|\.\s+\S`)
)

// looksLikeAddress reports whether lines can be an address. An address
// field holding a sentence ("Please contact us by e-mail for our address.")
// has no country line, no postcode-like number, and reads as prose: long,
// many words or sentence punctuation.
func looksLikeAddress(lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	all := strings.Join(lines, " ")
	if countryRe.MatchString(lines[len(lines)-1]) || addressNumberRe.MatchString(pagetext.Fold(all)) {
		return true
	}
	return utf8.RuneCountInString(all) < 60 && len(strings.Fields(all)) < 8 && !sentenceMarkRe.MatchString(all)
}

// readStarsBy reads the 2023+ star average per period: the description
// span's "4.8", else the alt text of the period box's star icon.
func readStarsBy(doc *htmlindex.Page, s *market.Seller) {
	var by market.Stars
	found := false
	for _, p := range sellerPage.starsBy {
		v := starsFromText(text(doc.Find(p.description).First()))
		if v == nil {
			if box := doc.Find(p.box).First(); box.Length() > 0 {
				v = starsOf(box)
			}
		}
		if v != nil {
			p.set(&by, *v)
			found = true
		}
	}
	if found {
		s.StarsBy = &by
	}
}

// Caps on the feedback rows.
const (
	maxFeedback     = 20
	maxFeedbackText = 1000
)

// feedbackRows reads the buyer comments of the profile's first page: the
// stars, the text and the date, each only when readable.
func feedbackRows(doc *htmlindex.Page) []market.Feedback {
	var out []market.Feedback
	doc.Find(sellerPage.feedbackRow).EachWithBreak(func(_ int, row *goquery.Selection) bool {
		var f market.Feedback
		if v := starsFromText(text(find(row, ratingStars.alt).First())); v != nil && *v >= 1 {
			f.Stars = int(*v + 0.5)
		}
		f.Text = firstText(row, maxFeedbackText, sellerPage.feedbackText...)
		f.Date = feedbackDate(text(find(row, sellerPage.feedbackBy).First()))
		if f.Stars != 0 || f.Text != "" || f.Date != "" {
			out = append(out, f)
		}
		return len(out) < maxFeedback
	})
	return out
}

var (
	ymdRe  = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	yearRe = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)
)

// feedbackDate reads the date of "By X on February 28, 2026.", 「投稿者:
// X、2026年2月28日」, "Par X le 28 février 2026" as "YYYY-MM-DD", or
// "MM-DD" when no year is given. The rater's name comes first and is
// written by a stranger, so the last date in the line counts.
func feedbackDate(by string) string {
	by = pagetext.Fold(by)
	if all := ymdRe.FindAllStringSubmatch(by, -1); len(all) > 0 {
		m := all[len(all)-1]
		if d := mmdd(atoi(m[2]), atoi(m[3])); d != "" {
			return m[1] + "-" + d
		}
	}
	matches := findDates(digitParts(by))
	if len(matches) == 0 {
		return ""
	}
	dates := matchDates(matches[len(matches)-1])
	if len(dates) == 0 {
		return ""
	}
	d := dates[len(dates)-1]
	if years := yearRe.FindAllString(by, -1); len(years) > 0 {
		return years[len(years)-1] + "-" + d
	}
	return d
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

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
