package score

// Thresholds holds every number and cue list the rules use, in one place,
// so tuning on new cases (R8: fraudsters change tactics) is an edit to this
// table only. What stays in the rule files are facts, not choices: the
// rating windows' lengths, which marketplaces require an address, what a
// keyboard row or a pinyin syllable is, and the off-platform phrases
// (contact.go, to be rewritten as a model of the request).
type Thresholds struct {
	// R1: how far below the baseline a price must be, in percent. The
	// article warns about prices "abnormally low, or only somewhat low".
	// Against a list price only PriceFarBelow counts: list and reference
	// prices often sit above the street price, so 20–30 % off is a sale.
	PriceFarBelow int
	PriceBelow    int
	// CrowdDisagree: a crowd median and the page's own evidence (Amazon's
	// offer, established sellers' offers, the list price) this many times
	// apart disagree wildly; the checker says so and takes the reading
	// that warns more, as a crowd can be poisoned (issue 9).
	CrowdDisagree int64
	// CrowdMinContributors: a crowd median from fewer distinct shoppers is
	// too easy for one person (or a fraudster) to steer.
	// The server publishes no baseline from fewer either: its
	// MIKIWAME_MIN_CONTRIBUTORS defaults to this and may not go below it.
	CrowdMinContributors int
	// MarketOffers: established offers on the page needed before their
	// median is a market price; one offer is not a market.
	MarketOffers int
	// EstablishedRatings: a seller with this many lifetime ratings has a
	// track record; their offers may set the "offers" baseline, and an
	// active one lowers the risk.
	EstablishedRatings int
	// EstablishedPositive: the positive share an established seller must
	// keep to count as a good sign.
	EstablishedPositive int
	// R2: fewer lifetime ratings than this is "few".
	FewRatings int
	// Stakes: what is at stake scales the thresholds. An item whose market
	// value (the baseline, or the price when there is none) reaches its
	// currency's Stake.High — or Stake.Electronics for electronics, the
	// class hijackers list most — is high-value: fewer lifetime ratings
	// than HighValueFewRatings are a thin record for it, and a price
	// HighValuePriceBelow percent below market is already "somewhat low".
	// Amounts are in the currency's minor unit; a currency not listed
	// uses the defaults above.
	Stakes              map[string]Stake
	HighValueFewRatings int
	HighValuePriceBelow int
	// R3: a storefront this large with this many listings per rating does
	// not match a real trading history.
	ManyListings      int
	ListingsPerRating int
	// R4: a seller with at least this many lifetime ratings and hardly
	// any recently looks like a dormant account that was taken over.
	DormantMinLifetime int
	// R4: the shortest rating window (90 d, 12 m) whose quiet counts as
	// dormant; a 30-day gap alone is normal for small sellers.
	DormantQuietDays int
	// R4: "hardly any" is relative. A window is quiet when it holds fewer
	// ratings than DormantRecentPerMille of the lifetime count per 12
	// months (pro rata for 90 days), yet the bar is never below
	// DormantRecentFloor (one or two ratings are not trading) nor above
	// DormantActive per 12 months (that many is trading, whatever the
	// lifetime). The same floor decides "still active" for the good sign.
	DormantRecentPerMille int
	DormantRecentFloor    int
	DormantActive         int
	// R4: a fall of the 30-day positive share by this many percentage
	// points below the 12-month share; ignored when the 30-day figure
	// rests on fewer ratings than RatingsDropMinRecent (noise).
	RatingsDropPoints    int
	RatingsDropMinRecent int
	// R4 on the 2023+ profile: a 30- or 90-day star average StarsDrop
	// below the lifetime (or 12-month) average is a collapse; recent
	// comments of at most ComplaintStars stars saying the item never came,
	// NotDeliveredComments of them within FeedbackRecentDays, are a
	// takeover in progress.
	StarsDrop            float64
	ComplaintStars       int
	NotDeliveredComments int
	FeedbackRecentDays   int
	// R4: a storefront with at least CategoryMinListings listings in its
	// departments, where the listing's department holds at most
	// CategoryTinyPercent of them while another holds CategoryDominant
	// percent or more, sells something the account did not sell before.
	CategoryMinListings int
	CategoryTinyPercent int
	CategoryDominant    int
	// LowPositive: Amazon sellers in good standing sit well above this.
	LowPositive int
	// LongDeliveryDays: a seller-fulfilled delivery this far away lets the
	// A-to-z claim window run out before the buyer notices.
	LongDeliveryDays int
	// R6: residential cues per country of the address (ISO code; "" is
	// the default for every country not listed). "Flat", "Room" and 室 are
	// ordinary in Hong Kong, mainland Chinese and Taiwanese office
	// addresses, so those countries have none.
	Residential map[string]ResidentialCues
	// ReportersHigh: distinct shoppers reporting a seller before the
	// reports count as strong evidence; fewer may be a grudge.
	ReportersHigh int
	// R5: the character model's score from which a name counts as random,
	// and the model's weights (name.go).
	SloppyName float64
	Name       NameModel

	// Points per severity, and for the signals that lower the risk.
	PointsHigh, PointsMedium, PointsLow int
	// PointsOffPlatform is far above "high": Amazon forbids moving the
	// buyer off the platform, so it reaches danger on its own even against
	// every good sign (80 - 15 - 10 >= 50).
	PointsOffPlatform int
	// PointsImpersonation: a name claiming to be Amazon or a brand it is
	// not is a lie told to the buyer; with nothing else it is danger,
	// and only a long good record and Amazon's warehouse bring it down.
	PointsImpersonation int
	PointsFBA           int // negative: Amazon holds the goods
	PointsEstablished   int // negative: long, active, well-rated record
	// PointsSoldByAmazon cancels everything: with Amazon as the seller none
	// of the seller rules apply.
	PointsSoldByAmazon int
	// PointsSellerFulfilled is small: most honest sellers ship themselves;
	// it only tips the balance together with other signals (R7).
	PointsSellerFulfilled int

	// Level cut-offs on the summed points. Any medium or high reason also
	// makes the level at least caution: the badge never says "safe" while
	// listing a warning.
	Danger, Caution int
}

// Default holds the starting values from DESIGN.md "Scoring".
var Default = Thresholds{
	PriceFarBelow:        50,
	PriceBelow:           20,
	CrowdDisagree:        2,
	CrowdMinContributors: 5,
	MarketOffers:         2,
	EstablishedRatings:   100,
	EstablishedPositive:  90,
	FewRatings:           10,
	// High: about ¥50,000 / $350 / £300 / €350 / CA$450, what a laptop,
	// a phone or a camera costs; electronics from about ¥30,000.
	Stakes: map[string]Stake{
		"JPY": {High: 50000, Electronics: 30000},
		"USD": {High: 35000, Electronics: 20000},
		"GBP": {High: 30000, Electronics: 17000},
		"EUR": {High: 35000, Electronics: 20000},
		"CAD": {High: 45000, Electronics: 27000},
	},
	HighValueFewRatings:   50,
	HighValuePriceBelow:   10,
	ManyListings:          100,
	ListingsPerRating:     20,
	DormantMinLifetime:    30,
	DormantQuietDays:      90,
	DormantRecentPerMille: 5,
	DormantRecentFloor:    3,
	DormantActive:         20,
	RatingsDropPoints:     20,
	RatingsDropMinRecent:  3,
	StarsDrop:             1.5,
	ComplaintStars:        2,
	NotDeliveredComments:  2,
	FeedbackRecentDays:    90,
	CategoryMinListings:   20,
	CategoryTinyPercent:   5,
	CategoryDominant:      60,
	LowPositive:           80,
	LongDeliveryDays:      14,
	Residential: map[string]ResidentialCues{
		"": {
			Cues:  []string{"号室", "アパート", "マンション", "ハイツ", "コーポ", "メゾン", "レジデンス"},
			Words: []string{"apt", "apartment", "room", "rm", "flat"},
		},
		"HK": {}, "CN": {}, "TW": {}, "MO": {},
	},
	ReportersHigh: 3,
	SloppyName:    1.0,
	Name: NameModel{
		Homoglyph:      1.0,
		DigitSwitches1: 0.2, DigitSwitches2: 0.6, DigitSwitches3: 1.0,
		MinLetters:   4,
		NoVowel:      1.0,
		ConsonantRun: 5, ConsonantRunAt: 0.5, ConsonantRunLonger: 1.0,
		CaseIslands: 4, CaseIslandsWeight: 1.0, CaseIslandsFewer: 0.4,
		KeyboardRun: 4, KeyboardRunWeight: 1.0,
		NeighbourLetters: 6, NeighbourShare: 0.75,
		OneRowLetters: 6, OneRowWeight: 0.5,
		RareBigrams1: 0.5, RareBigrams2: 1.0,
		RareLetters: 3, RareLettersWeight: 0.5,
		Triple: 0.8,
		Pairs:  3, PairsWeight: 0.5,
		BlockLetters: 12, Block: 0.5,
		PinyinLetters: 10, PinyinSyllables: 4,
	},

	PointsHigh:          40,
	PointsMedium:        20,
	PointsLow:           10,
	PointsOffPlatform:   80,
	PointsImpersonation: 60,
	PointsFBA:           -10,
	PointsEstablished:   -15,

	PointsSoldByAmazon:    -100,
	PointsSellerFulfilled: 5,

	Danger:  50,
	Caution: 20,
}

// Stake is one currency's price bands (minor units): from High an item
// is high-value; electronics from Electronics.
type Stake struct {
	High, Electronics int64
}

// ResidentialCues read an address line as a private home: one of Cues
// anywhere in the line (Japanese, written without spaces), or one of
// Words as a whole word, in any case.
type ResidentialCues struct {
	Cues  []string
	Words []string
}

// NameModel is R5's character model (name.go): each feature found in a
// run of Latin letters adds its weight to the name's score. Counts say
// from how many letters or repeats a feature is seen.
type NameModel struct {
	// Homoglyph: Latin mixed with Cyrillic or Greek inside one word.
	Homoglyph float64
	// Switches between letters and digits in one run: one, two, three or more.
	DigitSwitches1, DigitSwitches2, DigitSwitches3 float64
	// MinLetters: shorter runs, and all-capital runs this short
	// (acronyms), are judged on digit switches only.
	MinLetters int
	NoVowel    float64
	// ConsonantRun consonant sounds in a row weigh ConsonantRunAt, more
	// weigh ConsonantRunLonger.
	ConsonantRun                       int
	ConsonantRunAt, ConsonantRunLonger float64
	// Letters whose case differs from both neighbours: CaseIslands or
	// more weigh CaseIslandsWeight, one fewer CaseIslandsFewer.
	CaseIslands                         int
	CaseIslandsWeight, CaseIslandsFewer float64
	// KeyboardRun keys side by side on one keyboard row, or a run of at
	// least NeighbourLetters whose letter pairs are touching keys in
	// NeighbourShare of cases, weigh KeyboardRunWeight.
	KeyboardRun       int
	KeyboardRunWeight float64
	NeighbourLetters  int
	NeighbourShare    float64
	// A run of at least OneRowLetters typed on the home or bottom row alone.
	OneRowLetters int
	OneRowWeight  float64
	// Pairs of rare letters ("qz", "vx"): one, two or more.
	RareBigrams1, RareBigrams2 float64
	// RareLetters or more distinct letters of j, q, v, x, z in one run.
	RareLetters       int
	RareLettersWeight float64
	// A letter three times running; Pairs or more doubled letters.
	Triple      float64
	Pairs       int
	PairsWeight float64
	// One unbroken, single-case block of at least BlockLetters that is
	// not pinyin. A block of at least PinyinLetters that splits into
	// PinyinSyllables or more pinyin syllables is a romanised Chinese
	// company name: a cross-border seller, not a careless one.
	BlockLetters                   int
	Block                          float64
	PinyinLetters, PinyinSyllables int
}
