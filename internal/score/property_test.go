package score

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// contradictions are pairs of reasons that must never be shown together:
// each says the opposite of the other about the same fact.
var contradictions = [][2]string{
	{ManyListingsFewRatings, EstablishedSeller},
	{SellerNoRatings, EstablishedSeller},
	{SellerFewRatings, EstablishedSeller},
	{HighValueThinRecord, EstablishedSeller},
	{DormantAccount, EstablishedSeller},
	{RecentRatingsDrop, EstablishedSeller},
	{RatingsCollapse, EstablishedSeller},
	{FeedbackNotDelivered, EstablishedSeller},
	{CategoryMismatch, EstablishedSeller},
	{SellerRenamed, EstablishedSeller},
	{LowPositiveFeedback, EstablishedSeller},
	{CheapFromUnprovenSeller, EstablishedSeller},
	{CheapFromChangedAccount, EstablishedSeller},
	{SellerProfileUnavailable, EstablishedSeller},
	{SellerNoRatings, SellerFewRatings},
	{SellerNoRatings, HighValueThinRecord},
	{SellerFewRatings, HighValueThinRecord},
	{SellerNoRatings, LowPositiveFeedback},
	{SellerNoRatings, DormantAccount},
	{CheapFromUnprovenSeller, CheapFromChangedAccount},
	{PriceFarBelowMarket, PriceBelowMarket},
	{PriceFarBelowMarket, PriceFarBelowListPrice},
	{PriceBelowMarket, PriceFarBelowListPrice},
	{NoBaseline, PriceFarBelowMarket},
	{NoBaseline, PriceBelowMarket},
	{NoBaseline, PriceFarBelowListPrice},
	{NoBaseline, CrowdDisagrees},
	{NoPrice, NoBaseline},
	{NoPrice, PriceFarBelowMarket},
	{NoPrice, PriceBelowMarket},
	{NoPrice, PriceFarBelowListPrice},
	{FulfilledByAmazon, SellerFulfilled},
	{FulfilledByAmazon, LongDelivery},
	{SellerUnknown, SellerFulfilled},
	{SellerUnknown, FulfilledByAmazon},
	{SellerProfileUnavailable, AddressOverseas},
	{SellerProfileUnavailable, AddressMissing},
	{SellerProfileUnavailable, AddressResidential},
	{SellerProfileUnavailable, ProfilePartNotRead},
	{AddressOverseas, AddressMissing},
	{AddressMissing, AddressResidential},
	{CheaperOfferUnproven, OtherOfferFarBelow},
}

// TestVerdictProperties scores many generated listings and holds every
// verdict to what a shopper relies on: no two reasons contradict each
// other, the number lies in its level's band, "ok" never stands beside a
// warning, and an unread part is never read as "none".
func TestVerdictProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 12))
	seen := map[string]bool{}
	for i := range 30000 {
		l, c := generate(rng)
		v := Score(l, c)
		codes := reasonCodes(v)
		for _, code := range codes {
			seen[code] = true
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("case %d: %s\nlisting %+v\noffer %+v\ncontext seller %+v", i, fmt.Sprintf(format, args...), l, l.Offer, c.Seller)
		}
		for _, p := range contradictions {
			if slices.Contains(codes, p[0]) && slices.Contains(codes, p[1]) {
				fail("Score() = %v; shows %s beside %s", codes, p[0], p[1])
			}
		}
		if lo, hi := band(v.Level); v.Score < lo || v.Score > hi {
			fail("Score() = %s %d %v; want a score in %d..%d", v.Level, v.Score, codes, lo, hi)
		}
		for _, r := range v.Reasons {
			if v.Level == market.LevelOK && (r.Severity == market.SeverityHigh || r.Severity == market.SeverityMedium) {
				fail("Score() = ok with %s %s", r.Severity, r.Code)
			}
			if r.Code == ProfilePartNotRead && r.Params["part"] == partAddress && slices.Contains(codes, AddressMissing) {
				fail("Score() = %v; says no address while the address was not read", codes)
			}
		}
		if v.Unreadable != nil && v.Level != market.LevelUnknown {
			fail("Score() = %s with Unreadable %v; want unknown", v.Level, v.Unreadable)
		}
	}
	// The generator must reach the reasons the pairs are about, or the
	// test proves nothing.
	for _, p := range contradictions {
		for _, code := range p {
			if !seen[code] {
				t.Errorf("no generated case gave %s; widen the generator", code)
			}
		}
	}
}

// band is the range of scores a level may show (Default thresholds).
func band(l market.Level) (lo, hi int) {
	switch l {
	case market.LevelOK:
		return 0, Default.Caution - 1
	case market.LevelCaution:
		return Default.Caution, Default.Danger - 1
	case market.LevelDanger:
		return Default.Danger, 100
	}
	return 0, 0
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// maybe is n with probability 3/4, else nil.
func maybe(rng *rand.Rand, n int) *int {
	if rng.IntN(4) == 0 {
		return nil
	}
	return &n
}

func count(rng *rand.Rand) int {
	return pick(rng, 0, 1, 2, 3, 5, 9, 10, 12, 30, 49, 99, 100, 250, 2000, 20000)
}

func stars(rng *rand.Rand) *float64 {
	if rng.IntN(3) == 0 {
		return nil
	}
	s := float64(rng.IntN(41)+10) / 10
	return &s
}

var (
	genTitles     = []string{"", "ノートパソコン", "Amazonギフトカード", "Gift card holder", "洗剤 詰め替え", "Smartphone 128GB", "Geschenkgutschein"}
	genCategories = []string{"", "家電＆カメラ > スマートフォン", "DIY・工具・ガーデン > 園芸", "ギフトカード"}
	genAddresses  = [][]string{nil, {"東京都千代田区1-1", "JP"}, {"Room 1203, Longhua", "CN"}, {"Flat 2, 10 High St", "GB"}, {"大阪府 コーポ山田 101号室"}}
	genAbout      = []string{"", "We sell cameras.", "WhatsApp +86 138 0000 0000", "お支払いは銀行振込で"}
	genFeedback   = [][]market.Feedback{nil,
		{{Stars: 1, Text: "never arrived"}, {Stars: 1, Text: "商品が届きません"}},
		{{Stars: 5, Text: "great"}}}
	genDepartments = [][]market.CategoryCount{nil,
		{{Name: "DIY・工具・ガーデン", Count: 480}, {Name: "ホーム＆キッチン", Count: 20}},
		{{Name: "家電＆カメラ", Count: 300}}}
)

// generate makes a random listing and context from the pieces above and
// random counts: not realistic, but every rule's edge gets reached.
func generate(rng *rand.Rand) (market.Listing, market.Context) {
	price := pick[int64](rng, 0, 264, 300, 2100, 4000, 7000, 7500, 9000, 10000, 176000, 200000)
	mk := func(id string, p int64) market.Offer {
		o := market.Offer{SellerID: id, SellerName: pick(rng, "", "Tokyo Shop", "asdfghjk", "Amazon.co.jp"),
			Fulfillment: pick(rng, market.SoldByAmazon, market.FulfilledByAmazon, market.SellerFulfilled, market.FulfillmentUnknown),
			Condition:   pick(rng, market.Condition(""), market.New, market.Used)}
		if p > 0 {
			o.Price = yen(p)
		}
		if rng.IntN(2) == 0 {
			o.Rating = &market.OfferRating{Count: maybe(rng, count(rng)), JustLaunched: rng.IntN(5) == 0, PositivePercent: maybe(rng, pick(rng, 70, 95))}
		}
		return o
	}
	l := market.Listing{Marketplace: pick(rng, market.JP, market.US, market.UK),
		Title: pick(rng, genTitles...), Category: pick(rng, genCategories...)}
	if rng.IntN(8) != 0 {
		o := mk(pick(rng, "A1", "", "AN1VRQENFRJN5"), price)
		if rng.IntN(3) == 0 {
			o.Delivery = &market.Delivery{MaxDays: pick(rng, 0, 14, 30), Latest: pick(rng, "", "12-20", "2026-12-30"),
				Text: pick(rng, "", "予約商品", "Standard International Delivery")}
		}
		l.Offer = &o
	}
	for range rng.IntN(4) {
		x := mk(pick(rng, "A2", "A3", "AN1VRQENFRJN5", "A1"), pick[int64](rng, 0, 3000, 9500, 10000, 12000))
		x.Pinned = rng.IntN(4) == 0
		l.Offers = append(l.Offers, x)
	}
	if rng.IntN(3) == 0 {
		l.ListPrice = yen(pick[int64](rng, 10000, 40800, 300))
	}
	if rng.IntN(4) == 0 {
		l.OfferSummary = &market.OfferSummary{Count: rng.IntN(20), Lowest: yen(pick[int64](rng, 3000, 9000)),
			Condition: pick(rng, market.Condition(""), market.New)}
	}
	c := market.Context{Now: now}
	if rng.IntN(3) != 0 {
		c.Baseline = crowd(pick[int64](rng, 2100, 6000, 10000, 200000), pick(rng, "JPY", "USD"), pick(rng, 3, 5, 10))
	}
	if rng.IntN(5) != 0 {
		lifetime := count(rng)
		s := &market.Seller{ID: pick(rng, "A1", "", "A9"), Name: pick(rng, "", "Tokyo Shop", "asdfghjk"),
			Marketplace:  pick(rng, market.Marketplace(""), market.JP, market.US),
			JustLaunched: rng.IntN(6) == 0,
			Ratings: market.Ratings{Lifetime: maybe(rng, lifetime), Days30: maybe(rng, min(lifetime, count(rng))),
				Days90: maybe(rng, min(lifetime, count(rng))), Months12: maybe(rng, min(lifetime, count(rng)))},
			PositivePercent: maybe(rng, pick(rng, 60, 79, 85, 95, 99)), PositivePercent30: maybe(rng, pick(rng, 40, 95)),
			Address: pick(rng, genAddresses...), About: pick(rng, genAbout...),
			Listings: maybe(rng, pick(rng, 5, 100, 2020, 5000)), Feedback: pick(rng, genFeedback...),
			Categories: pick(rng, genDepartments...), FormerName: pick(rng, "", "", "Old Name"),
		}
		if len(s.Address) > 0 && rng.IntN(2) == 0 {
			s.Country = s.Address[len(s.Address)-1]
		}
		if rng.IntN(3) == 0 {
			s.StarsBy = &market.Stars{Days30: stars(rng), Days90: stars(rng), Months12: stars(rng), Lifetime: stars(rng)}
		}
		if rng.IntN(5) == 0 {
			s.NotRead = []string{pick(rng, "ratings", "address", "about")}
		}
		c.Seller = s
	}
	if rng.IntN(4) == 0 {
		c.Reputation = &market.SellerReputation{Reporters: rng.IntN(5)}
	}
	return l, c
}
