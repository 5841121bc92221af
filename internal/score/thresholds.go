package score

// Thresholds holds every number the rules use, in one place, so tuning on
// new cases (R8: fraudsters change tactics) is an edit to this table only.
type Thresholds struct {
	// R1: how far below the baseline a price must be, in percent. The
	// article warns about prices "abnormally low, or only somewhat low".
	PriceFarBelow int
	PriceBelow    int
	// CrowdMinContributors: a crowd median from fewer distinct shoppers is
	// too easy for one person (or a fraudster) to steer.
	CrowdMinContributors int
	// EstablishedRatings: a seller with this many lifetime ratings has a
	// track record; their offers may set the "offers" baseline, and an
	// active one lowers the risk.
	EstablishedRatings int
	// EstablishedPositive: the positive share an established seller must
	// keep to count as a good sign.
	EstablishedPositive int
	// R2: fewer lifetime ratings than this is "few".
	FewRatings int
	// R3: a storefront this large with this many listings per rating does
	// not match a real trading history.
	ManyListings      int
	ListingsPerRating int
	// R4: a seller with at least this many lifetime ratings and none
	// recently looks like a dormant account that was taken over.
	DormantMinLifetime int
	// R4: a fall of the 30-day positive share by this many percentage
	// points below the 12-month share; ignored when the 30-day figure
	// rests on fewer ratings than RatingsDropMinRecent (noise).
	RatingsDropPoints    int
	RatingsDropMinRecent int
	// LowPositive: Amazon sellers in good standing sit well above this.
	LowPositive int
	// LongDeliveryDays: a seller-fulfilled delivery this far away lets the
	// A-to-z claim window run out before the buyer notices.
	LongDeliveryDays int
	// ReportersHigh: distinct shoppers reporting a seller before the
	// reports count as strong evidence; fewer may be a grudge.
	ReportersHigh int
	// SloppyName: the character model's score from which a name counts as
	// random (see name.go).
	SloppyName float64

	// Points per severity, and for the signals that lower the risk.
	PointsHigh, PointsMedium, PointsLow int
	// PointsOffPlatform is far above "high": Amazon forbids moving the
	// buyer off the platform, so it reaches danger on its own even against
	// every good sign (80 - 15 - 10 >= 50).
	PointsOffPlatform int
	PointsFBA         int // negative: Amazon holds the goods
	PointsEstablished int // negative: long, active, well-rated record
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
	CrowdMinContributors: 5,
	EstablishedRatings:   100,
	EstablishedPositive:  90,
	FewRatings:           10,
	ManyListings:         100,
	ListingsPerRating:    20,
	DormantMinLifetime:   30,
	RatingsDropPoints:    20,
	RatingsDropMinRecent: 3,
	LowPositive:          80,
	LongDeliveryDays:     14,
	ReportersHigh:        3,
	SloppyName:           1.0,

	PointsHigh:        40,
	PointsMedium:      20,
	PointsLow:         10,
	PointsOffPlatform: 80,
	PointsFBA:         -10,
	PointsEstablished: -15,

	PointsSoldByAmazon:    -100,
	PointsSellerFulfilled: 5,

	Danger:  50,
	Caution: 20,
}
