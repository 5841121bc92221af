package score

import (
	"slices"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

func ip(n int) *int { return &n }

func yen(n int64) *market.Money { return &market.Money{Amount: n, Currency: "JPY"} }
func usd(c int64) *market.Money { return &market.Money{Amount: c, Currency: "USD"} }

// now is the day the scenarios are judged on.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func offer(f market.Fulfillment, id, name string, price *market.Money) *market.Offer {
	return &market.Offer{SellerID: id, SellerName: name, Fulfillment: f, Price: price}
}

// seller is a profile with lifetime ratings and counts for 30 days, 90 days
// and 12 months, positive share (-1: not shown) and country.
func seller(id, name string, lifetime, d30, d90, m12, pos int, country string, address ...string) *market.Seller {
	s := &market.Seller{ID: id, Name: name, Country: country, Address: address,
		Ratings: market.Ratings{Lifetime: ip(lifetime), Days30: ip(d30), Days90: ip(d90), Months12: ip(m12)}}
	if pos >= 0 {
		s.PositivePercent = ip(pos)
	}
	if lifetime == 0 {
		s.JustLaunched = true
	}
	return s
}

func crowd(median int64, currency string, contributors int) *market.Baseline {
	return &market.Baseline{Median: median, P25: median * 9 / 10, P75: median * 11 / 10, N: contributors * 2,
		Contributors: contributors, Currency: currency}
}

func rated(o market.Offer, count int) market.Offer {
	o.Rating = &market.OfferRating{Count: ip(count)}
	return o
}

// established is a Japanese seller with a long, active record.
func established(id string) *market.Seller {
	return seller(id, "Tokyo Camera Style", 2000, 40, 120, 480, 98, "JP", "東京都千代田区外神田1-1-1", "JP")
}

func TestScoreScenarios(t *testing.T) {
	tests := []struct {
		name    string
		l       market.Listing
		c       market.Context
		want    market.Level
		source  string // BaselineSource
		must    []string
		mustNot []string
	}{
		{
			name: "hijacked dormant account sells a ¥40,800 phone for ¥2,100, delivery in three weeks",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(40800), Offer: &market.Offer{
				SellerID: "A1HIJACKED", SellerName: "Sakura Trading", Fulfillment: market.SellerFulfilled,
				Price: yen(2100), Delivery: &market.Delivery{Earliest: "12-10", Latest: "12-15"}}},
			c:       market.Context{Now: now, Seller: seller("A1HIJACKED", "Sakura Trading", 250, 0, 0, 0, 96, "JP", "大阪府大阪市北区1-2-3", "JP")},
			want:    market.LevelDanger,
			source:  market.BaselineListPrice,
			must:    []string{PriceFarBelowMarket, DormantAccount, LongDelivery, CheapFromUnprovenSeller, SellerFulfilled},
			mustNot: []string{EstablishedSeller, SoldByAmazon, SellerNoRatings},
		},
		{
			name: "2017 wave: new overseas seller with a pasted name, ¥2,100 against a crowd price of ¥40,800",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A2NEW", "XIAOYANSHANGMAO", yen(2100))},
			c: market.Context{Now: now, Baseline: crowd(40800, "JPY", 12),
				Seller: seller("A2NEW", "XIAOYANSHANGMAO", 0, 0, 0, 0, -1, "CN", "Shenzhen", "CN")},
			want:   market.LevelDanger,
			source: market.BaselineCrowd,
			must:   []string{PriceFarBelowMarket, SellerNoRatings, SloppySellerName, AddressOverseas, CheapFromUnprovenSeller},
		},
		{
			name: "honest new seller at market price, fulfilled by Amazon",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A3HONEST", "Hinode Kobo", yen(3980))},
			c: market.Context{Now: now, Baseline: crowd(3980, "JPY", 8),
				Seller: seller("A3HONEST", "Hinode Kobo", 0, 0, 0, 0, -1, "JP", "京都府京都市中京区1-1", "JP")},
			want:    market.LevelCaution,
			source:  market.BaselineCrowd,
			must:    []string{SellerNoRatings, FulfilledByAmazon},
			mustNot: []string{PriceBelowMarket, PriceFarBelowMarket, CheapFromUnprovenSeller, SloppySellerName},
		},
		{
			name: "honest new seller at market price, shipping themselves",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A3HONEST", "Hinode Kobo", yen(3980))},
			c: market.Context{Now: now, Baseline: crowd(4200, "JPY", 8),
				Seller: seller("A3HONEST", "Hinode Kobo", 0, 0, 0, 0, -1, "JP", "京都府京都市中京区1-1", "JP")},
			want:    market.LevelCaution,
			source:  market.BaselineCrowd,
			must:    []string{SellerNoRatings, SellerFulfilled},
			mustNot: []string{PriceBelowMarket, CheapFromUnprovenSeller},
		},
		{
			name: "Amazon itself",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(40800))},
			c:    market.Context{Now: now, Baseline: crowd(40800, "JPY", 30)},
			want: market.LevelOK,
			must: []string{SoldByAmazon},
		},
		{
			name:    "Amazon known by its seller ID only, on a deep sale",
			l:       market.Listing{Marketplace: market.US, ListPrice: usd(9999), Offer: offer("", "ATVPDKIKX0DER", "", usd(2999))},
			want:    market.LevelOK,
			must:    []string{SoldByAmazon},
			mustNot: []string{PriceFarBelowMarket, SellerProfileUnavailable},
		},
		{
			// The page reader never says so, but a listing built elsewhere
			// might: the seller ID is the fact, the label is not.
			name:    "labelled sold by Amazon, but a third party's seller ID, far below the list price",
			l:       market.Listing{Marketplace: market.JP, ListPrice: yen(40800), Offer: offer(market.SoldByAmazon, "A1B2C3D4E5F6G7", "Amazon.co.jp", yen(9800))},
			want:    market.LevelCaution,
			source:  market.BaselineListPrice,
			must:    []string{PriceFarBelowMarket},
			mustNot: []string{SoldByAmazon},
		},
		{
			// The profile was read but showed no rating count (a layout we
			// do not know, or only "5 ratings" over 12 months): R2–R4
			// cannot run, so nothing here is proof of a safe seller.
			name: "FBA seller whose profile shows no rating count",
			l:    market.Listing{Marketplace: market.US, ListPrice: usd(5000), Offer: offer(market.FulfilledByAmazon, "A4FBA", "Anker Direct", usd(4500))},
			c: market.Context{Now: now, Seller: &market.Seller{ID: "A4FBA", Name: "Anker Direct", Country: "US",
				Address: []string{"1 Main St", "Seattle", "US"}, Ratings: market.Ratings{Months12: ip(5)}}},
			want:    market.LevelUnknown,
			source:  market.BaselineListPrice,
			must:    []string{FulfilledByAmazon},
			mustNot: []string{SellerFewRatings, EstablishedSeller},
		},
		{
			name: "FBA seller with 2,000 ratings at 10 % off",
			l:    market.Listing{Marketplace: market.US, ListPrice: usd(5000), Offer: offer(market.FulfilledByAmazon, "A4FBA", "Anker Direct", usd(4500))},
			c: market.Context{Now: now,
				Seller: seller("A4FBA", "Anker Direct", 2000, 60, 200, 700, 97, "US", "1 Main St", "Seattle", "US")},
			want:    market.LevelOK,
			source:  market.BaselineListPrice,
			must:    []string{FulfilledByAmazon, EstablishedSeller},
			mustNot: []string{PriceBelowMarket, PriceFarBelowMarket},
		},
		{
			// The article: prices "only somewhat low" are a scam tactic too,
			// and a 3-rating seller has no record to outweigh it. Two of its
			// signals together make danger, not caution.
			name: "somewhat cheap: 25 % off from a 3-rating seller",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A5FEW", "Kirari Shop", yen(7500))},
			c: market.Context{Now: now, Baseline: crowd(10000, "JPY", 9),
				Seller: seller("A5FEW", "Kirari Shop", 3, 1, 3, 3, 100, "JP", "福岡県福岡市1-1", "JP")},
			want:   market.LevelDanger,
			source: market.BaselineCrowd,
			must:   []string{PriceBelowMarket, SellerFewRatings, CheapFromUnprovenSeller},
		},
		{
			name: "somewhat cheap from a 3-rating seller, even when fulfilled by Amazon",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A5FEW", "Kirari Shop", yen(7500))},
			c: market.Context{Now: now, Baseline: crowd(10000, "JPY", 9),
				Seller: seller("A5FEW", "Kirari Shop", 3, 1, 3, 3, 100, "JP", "福岡県福岡市1-1", "JP")},
			want:   market.LevelDanger,
			source: market.BaselineCrowd,
			must:   []string{PriceBelowMarket, SellerFewRatings, CheapFromUnprovenSeller, FulfilledByAmazon},
		},
		{
			name: "5,000 listings with 12 ratings at market price",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A6MANY", "Global Goods", yen(1980))},
			c: market.Context{Now: now, Baseline: crowd(1980, "JPY", 6), Seller: func() *market.Seller {
				s := seller("A6MANY", "Global Goods", 12, 2, 5, 12, 92, "JP", "東京都港区1-1", "JP")
				s.Listings, s.ListingsAtLeast = ip(5000), true
				return s
			}()},
			want:    market.LevelCaution,
			source:  market.BaselineCrowd,
			must:    []string{ManyListingsFewRatings},
			mustNot: []string{SellerFewRatings, EstablishedSeller},
		},
		{
			name: "5,000 listings with 12 ratings, 40 % below market, shipped by the seller",
			l:    market.Listing{Marketplace: market.JP, ListPrice: yen(10000), Offer: offer(market.SellerFulfilled, "A6MANY", "Global Goods", yen(6000))},
			c: market.Context{Now: now, Seller: func() *market.Seller {
				s := seller("A6MANY", "Global Goods", 12, 2, 5, 12, 92, "JP", "東京都港区1-1", "JP")
				s.Listings = ip(5000)
				return s
			}()},
			want:   market.LevelDanger,
			source: market.BaselineListPrice,
			must:   []string{ManyListingsFewRatings, PriceBelowMarket},
		},
		{
			name: "overseas address, otherwise a normal seller at market price",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A7CN", "Huaqiang Parts", yen(1200))},
			c: market.Context{Now: now, Baseline: crowd(1250, "JPY", 7),
				Seller: seller("A7CN", "Huaqiang Parts", 60, 3, 9, 40, 93, "CN", "Futian District", "Shenzhen", "CN")},
			want:   market.LevelCaution,
			source: market.BaselineCrowd,
			must:   []string{AddressOverseas},
		},
		{
			name: "UK seller whose address ends in UK is domestic",
			l:    market.Listing{Marketplace: market.UK, ListPrice: &market.Money{Amount: 1299, Currency: "GBP"}, Offer: offer(market.SellerFulfilled, "A8UK", "Ascot City", &market.Money{Amount: 1199, Currency: "GBP"})},
			c: market.Context{Now: now,
				Seller: seller("A8UK", "Ascot City", 900, 20, 70, 300, 97, "UK", "12 High Street", "Ascot", "UK")},
			want:    market.LevelOK,
			source:  market.BaselineListPrice,
			mustNot: []string{AddressOverseas, AddressMissing},
		},
		{
			name: "home address and few ratings",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A9HOME", "Haru Select", yen(3000))},
			c: market.Context{Now: now, Baseline: crowd(3100, "JPY", 5),
				Seller: seller("A9HOME", "Haru Select", 5, 1, 2, 5, 100, "JP", "埼玉県川口市1-2-3 さくらハイツ203号室", "JP")},
			want:   market.LevelCaution,
			source: market.BaselineCrowd,
			must:   []string{AddressResidential, SellerFewRatings},
		},
		{
			// A flat alone is how many small honest shops start: a note, not a warning.
			name:    "home address of an active small seller",
			l:       market.Listing{Marketplace: market.UK, ListPrice: &market.Money{Amount: 1500, Currency: "GBP"}, Offer: offer(market.SellerFulfilled, "A9FLAT", "Goldstone-Books", &market.Money{Amount: 1450, Currency: "GBP"})},
			c:       market.Context{Now: now, Seller: seller("A9FLAT", "Goldstone-Books", 45, 2, 6, 30, 99, "GB", "Flat 3", "10 Market Road", "York", "GB")},
			want:    market.LevelOK,
			source:  market.BaselineListPrice,
			must:    []string{AddressResidential},
			mustNot: []string{SloppySellerName},
		},
		{
			name: "about text asks for bank transfer and LINE",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A10OFF", "Tokyo Camera Style", yen(9800))},
			c: market.Context{Now: now, Baseline: crowd(9800, "JPY", 20), Seller: func() *market.Seller {
				s := established("A10OFF")
				s.About = "在庫確認はLINEでご連絡ください。お支払いは銀行振込も承ります。"
				return s
			}()},
			want:   market.LevelDanger,
			source: market.BaselineCrowd,
			must:   []string{OffPlatformContact},
		},
		{
			name: "about text with an e-mail address",
			l:    market.Listing{Marketplace: market.US, ListPrice: usd(2000), Offer: offer(market.SellerFulfilled, "A10MAIL", "Bright Home", usd(1900))},
			c: market.Context{Now: now, Seller: func() *market.Seller {
				s := seller("A10MAIL", "Bright Home", 300, 10, 30, 120, 95, "US", "5 Elm St", "US")
				s.About = "For faster service write to deals.brighthome@gmail.com"
				return s
			}()},
			want:   market.LevelDanger,
			source: market.BaselineListPrice,
			must:   []string{OffPlatformContact},
		},
		{
			name: "three shoppers reported an otherwise good seller",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A11REP", "Tokyo Camera Style", yen(9800))},
			c: market.Context{Now: now, Baseline: crowd(9800, "JPY", 20), Seller: established("A11REP"),
				Reputation: &market.SellerReputation{Reports: 4, Reporters: 3}},
			want:   market.LevelCaution,
			source: market.BaselineCrowd,
			must:   []string{CommunityReports},
		},
		{
			name: "one report is a note, not a verdict",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A11REP", "Tokyo Camera Style", yen(9800))},
			c: market.Context{Now: now, Baseline: crowd(9800, "JPY", 20), Seller: established("A11REP"),
				Reputation: &market.SellerReputation{Reports: 1, Reporters: 1}},
			want:   market.LevelOK,
			source: market.BaselineCrowd,
			must:   []string{CommunityReports},
		},
		{
			name:   "third-party seller and nothing known about them",
			l:      market.Listing{Marketplace: market.JP, ListPrice: yen(5000), Offer: offer(market.SellerFulfilled, "A12X", "Mori Store", yen(4990))},
			c:      market.Context{Now: now},
			want:   market.LevelUnknown,
			source: market.BaselineListPrice,
			must:   []string{SellerProfileUnavailable},
		},
		{
			name: "FBA seller, no seller profile, no baseline (like Direct ChangM)",
			l:    market.Listing{Marketplace: market.US, Offer: offer(market.FulfilledByAmazon, "A13C", "Direct ChangM", usd(1599))},
			want: market.LevelUnknown,
			must: []string{SellerProfileUnavailable, NoBaseline, FulfilledByAmazon},
		},
		{
			name:    "crowd baseline from 3 contributors is ignored",
			l:       market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A14", "Tokyo Camera Style", yen(4000))},
			c:       market.Context{Now: now, Baseline: crowd(10000, "JPY", 3), Seller: established("A14")},
			want:    market.LevelOK,
			must:    []string{NoBaseline},
			mustNot: []string{PriceFarBelowMarket, PriceBelowMarket},
		},
		{
			name:   "crowd baseline from 3 contributors is ignored in favour of the list price",
			l:      market.Listing{Marketplace: market.JP, ListPrice: yen(5000), Offer: offer(market.FulfilledByAmazon, "A14", "Tokyo Camera Style", yen(4000))},
			c:      market.Context{Now: now, Baseline: crowd(10000, "JPY", 3), Seller: established("A14")},
			want:   market.LevelCaution,
			source: market.BaselineListPrice,
			must:   []string{PriceBelowMarket},
		},
		{
			name:    "baseline in another currency is ignored",
			l:       market.Listing{Marketplace: market.US, Offer: offer(market.FulfilledByAmazon, "A15", "Anker Direct", usd(500))},
			c:       market.Context{Now: now, Baseline: crowd(40800, "JPY", 50), Seller: seller("A15", "Anker Direct", 2000, 60, 200, 700, 97, "US")},
			want:    market.LevelOK,
			must:    []string{NoBaseline},
			mustNot: []string{PriceFarBelowMarket},
		},
		{
			name: "median of established sellers' offers as baseline",
			l: market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A16", "Tokyo Camera Style", yen(5500)),
				Offers: []market.Offer{
					rated(*offer(market.FulfilledByAmazon, "B1", "Big Store", yen(10000)), 500),
					rated(*offer(market.SellerFulfilled, "B2", "Old Shop", yen(9800)), 1200),
					*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(10200)),
					rated(*offer(market.SellerFulfilled, "B3", "Tiny", yen(3000)), 2),
				}},
			c:      market.Context{Now: now, Seller: established("A16")},
			want:   market.LevelCaution,
			source: market.BaselineOffers,
			must:   []string{PriceBelowMarket},
		},
		{
			name: "cheap offers from unrated sellers do not set the baseline; Amazon's offer does",
			l: market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A17", "Tokyo Camera Style", yen(4000)),
				Offers: []market.Offer{
					rated(*offer(market.SellerFulfilled, "B4", "Tiny", yen(3000)), 2),
					rated(*offer(market.SellerFulfilled, "B5", "Tiny2", yen(3100)), 0),
					*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(9000)),
				}},
			c:      market.Context{Now: now, Seller: established("A17")},
			want:   market.LevelCaution,
			source: market.BaselineAmazon,
			must:   []string{PriceFarBelowMarket},
		},
		{
			name: "a used offer is not held against the list price",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(10000), Offer: &market.Offer{SellerID: "A18", SellerName: "Tokyo Camera Style",
				Fulfillment: market.FulfilledByAmazon, Price: yen(3000), Condition: market.Used}},
			c:       market.Context{Now: now, Seller: established("A18")},
			want:    market.LevelOK,
			must:    []string{NoBaseline},
			mustNot: []string{PriceFarBelowMarket},
		},
		{
			name: "usually dispatched within 4 to 5 weeks, seller-fulfilled",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: &market.Offer{SellerID: "A19", SellerName: "Tokyo Camera Style",
				Fulfillment: market.SellerFulfilled, Price: yen(2900), Delivery: &market.Delivery{MaxDays: 35}}},
			c:      market.Context{Now: now, Seller: established("A19")},
			want:   market.LevelCaution,
			source: market.BaselineListPrice,
			must:   []string{LongDelivery},
		},
		{
			name: "a late delivery date from Amazon's warehouse is not the A-to-z trick",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: &market.Offer{SellerID: "A20", SellerName: "Tokyo Camera Style",
				Fulfillment: market.FulfilledByAmazon, Price: yen(2900), Delivery: &market.Delivery{Latest: "12-20"}}},
			c:       market.Context{Now: now, Seller: established("A20")},
			want:    market.LevelOK,
			source:  market.BaselineListPrice,
			mustNot: []string{LongDelivery},
		},
		{
			name:    "72 % positive feedback",
			l:       market.Listing{Marketplace: market.US, ListPrice: usd(2000), Offer: offer(market.SellerFulfilled, "A21", "Value Hub", usd(1950))},
			c:       market.Context{Now: now, Seller: seller("A21", "Value Hub", 300, 10, 30, 120, 72, "US")},
			want:    market.LevelCaution,
			source:  market.BaselineListPrice,
			must:    []string{LowPositiveFeedback},
			mustNot: []string{EstablishedSeller},
		},
		{
			name: "positive share fell from 96 % to 60 % in 30 days",
			l:    market.Listing{Marketplace: market.US, ListPrice: usd(2000), Offer: offer(market.FulfilledByAmazon, "A22", "Value Hub", usd(1950))},
			c: market.Context{Now: now, Seller: func() *market.Seller {
				s := seller("A22", "Value Hub", 3000, 12, 60, 400, 96, "US")
				s.PositivePercent30 = ip(60)
				return s
			}()},
			want:    market.LevelCaution,
			source:  market.BaselineListPrice,
			must:    []string{RecentRatingsDrop},
			mustNot: []string{EstablishedSeller},
		},
		{
			name:    "no address on a Japanese seller profile",
			l:       market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: offer(market.FulfilledByAmazon, "A23", "Mori Store", yen(2900))},
			c:       market.Context{Now: now, Seller: seller("A23", "Mori Store", 500, 10, 40, 200, 97, "")},
			want:    market.LevelCaution,
			source:  market.BaselineListPrice,
			must:    []string{AddressMissing},
			mustNot: []string{AddressOverseas},
		},
		{
			name:    "no address on a US seller profile is not required",
			l:       market.Listing{Marketplace: market.US, ListPrice: usd(3000), Offer: offer(market.FulfilledByAmazon, "A24", "Mori Store", usd(2900))},
			c:       market.Context{Now: now, Seller: seller("A24", "Mori Store", 500, 10, 40, 200, 97, "")},
			want:    market.LevelOK,
			source:  market.BaselineListPrice,
			mustNot: []string{AddressMissing},
		},
		{
			name:   "keyboard-mash name, otherwise unremarkable",
			l:      market.Listing{Marketplace: market.US, ListPrice: usd(3000), Offer: offer(market.FulfilledByAmazon, "A25", "hjkdsfg", usd(2900))},
			c:      market.Context{Now: now, Seller: seller("A25", "hjkdsfg", 40, 2, 8, 30, 95, "US")},
			want:   market.LevelCaution,
			source: market.BaselineListPrice,
			must:   []string{SloppySellerName},
		},
		{
			name: "no seller profile, but the offers panel says just launched, at half price",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(12800), Offer: &market.Offer{SellerID: "A26", SellerName: "Mirai",
				Fulfillment: market.SellerFulfilled, Price: yen(4800), Rating: &market.OfferRating{JustLaunched: true}}},
			c:      market.Context{Now: now},
			want:   market.LevelDanger,
			source: market.BaselineListPrice,
			must:   []string{SellerNoRatings, PriceFarBelowMarket, SellerProfileUnavailable},
		},
		{
			name:   "a seller profile of some other seller is not used",
			l:      market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: offer(market.FulfilledByAmazon, "A27", "Mori Store", yen(2900))},
			c:      market.Context{Now: now, Seller: established("SOMEONE_ELSE")},
			want:   market.LevelUnknown,
			source: market.BaselineListPrice,
			must:   []string{SellerProfileUnavailable},
		},
		{
			name: "price missing",
			l:    market.Listing{Marketplace: market.JP, Offer: offer(market.FulfilledByAmazon, "A28", "Tokyo Camera Style", nil)},
			c:    market.Context{Now: now, Seller: established("A28")},
			want: market.LevelUnknown,
			must: []string{NoPrice},
		},
		{
			name:   "the page does not say who sells",
			l:      market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: offer("", "", "", yen(2900))},
			want:   market.LevelUnknown,
			source: market.BaselineListPrice,
			must:   []string{SellerUnknown},
		},
		{
			name: "the offers panel rates the buy-box seller as just launched",
			l: market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A40", "QWXZ Tech Store", yen(2100)),
				Offers: []market.Offer{
					func() market.Offer {
						o := *offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(38980))
						o.Pinned = true
						return o
					}(),
					rated(*offer(market.FulfilledByAmazon, "B41", "テックワールド", yen(37850)), 2345),
					{SellerID: "A40", SellerName: "QWXZ Tech Store", Fulfillment: market.SellerFulfilled, Price: yen(2100),
						Rating: &market.OfferRating{JustLaunched: true}},
				}},
			c:      market.Context{Now: now},
			want:   market.LevelDanger,
			source: market.BaselineOffers,
			must:   []string{SellerNoRatings, PriceFarBelowMarket, CheapFromUnprovenSeller, SellerProfileUnavailable},
		},
		{
			name: "many ratings in the offers panel, but no profile to check for a hijack",
			l: market.Listing{Marketplace: market.JP, ListPrice: yen(3000), Offer: &market.Offer{SellerID: "A44", SellerName: "Mori Store",
				Fulfillment: market.FulfilledByAmazon, Price: yen(2900), Rating: &market.OfferRating{Count: ip(5000), PositivePercent: ip(98)}}},
			c:       market.Context{Now: now},
			want:    market.LevelUnknown,
			source:  market.BaselineListPrice,
			must:    []string{SellerProfileUnavailable},
			mustNot: []string{SellerFewRatings, EstablishedSeller},
		},
		{
			name: "a buy box without seller ID is the panel's pinned offer, not its own baseline",
			l: market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "", "Mori Store", yen(5000)),
				Offers: []market.Offer{
					func() market.Offer {
						o := rated(*offer(market.SellerFulfilled, "B42", "Mori Store", yen(5000)), 500)
						o.Pinned = true
						return o
					}(),
					rated(*offer(market.FulfilledByAmazon, "B43", "Big Store", yen(10000)), 600),
				}},
			c:       market.Context{Now: now},
			want:    market.LevelUnknown,
			must:    []string{NoBaseline},
			mustNot: []string{PriceFarBelowMarket},
		},
		{
			name:   "no rating in 12 months after 80 lifetime ratings",
			l:      market.Listing{Marketplace: market.DE, ListPrice: &market.Money{Amount: 4999, Currency: "EUR"}, Offer: offer(market.FulfilledByAmazon, "A29", "Weisser Berg", &market.Money{Amount: 4899, Currency: "EUR"})},
			c:      market.Context{Now: now, Seller: seller("A29", "Weisser Berg", 80, 0, 0, 0, 99, "DE", "Bergstr. 1", "Berlin", "DE")},
			want:   market.LevelCaution,
			source: market.BaselineListPrice,
			must:   []string{DormantAccount},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Score(tt.l, tt.c)
			codes := reasonCodes(v)
			if v.Level != tt.want {
				t.Errorf("Score().Level = %s (score %d, %v); want %s", v.Level, v.Score, codes, tt.want)
			}
			if v.BaselineSource != tt.source {
				t.Errorf("Score().BaselineSource = %q; want %q", v.BaselineSource, tt.source)
			}
			for _, c := range tt.must {
				if !slices.Contains(codes, c) {
					t.Errorf("Score() reasons = %v; want %s among them", codes, c)
				}
			}
			for _, c := range tt.mustNot {
				if slices.Contains(codes, c) {
					t.Errorf("Score() reasons = %v; want no %s", codes, c)
				}
			}
			checkReasons(t, v)
		})
	}
}

func reasonCodes(v market.Verdict) []string {
	var codes []string
	for _, r := range v.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

// checkReasons holds every verdict to the contract the sentences rely on.
func checkReasons(t *testing.T, v market.Verdict) {
	t.Helper()
	if v.Score < 0 || v.Score > 100 {
		t.Errorf("Score().Score = %d; want 0..100", v.Score)
	}
	if v.Reasons == nil {
		t.Errorf("Score().Reasons = nil; want a slice (JSON [])")
	}
	for _, r := range v.Reasons {
		if !slices.Contains(Codes(), r.Code) {
			t.Errorf("reason %s is not in Codes()", r.Code)
		}
		var keys []string
		for k := range r.Params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := ParamNames(r.Code); !slices.Equal(keys, want) {
			t.Errorf("reason %s params = %v; want %v", r.Code, keys, want)
		}
	}
}

func TestScoreVerdictDetails(t *testing.T) {
	l := market.Listing{Marketplace: market.JP, ListPrice: yen(40800),
		Offer: offer(market.SellerFulfilled, "A1", "Sakura", yen(2000))}
	l.Offer.Shipping = yen(100)
	v := Score(l, market.Context{})
	if v.BaselineSource != market.BaselineListPrice || v.Baseline == nil || v.Baseline.Amount != 40800 {
		t.Errorf("Score() baseline = %s %v; want listPrice 40800", v.BaselineSource, v.Baseline)
	}
	r := v.Reasons[0]
	want := map[string]any{"price": *yen(2100), "baseline": *yen(40800), "percent": 94}
	if r.Code != PriceFarBelowMarket || r.Params["price"] != want["price"] || r.Params["baseline"] != want["baseline"] || r.Params["percent"] != want["percent"] {
		t.Errorf("Score() first reason = %+v; want %s with %v", r, PriceFarBelowMarket, want)
	}

	u := Unreadable(&market.UnreadableError{Code: market.PageCaptcha})
	if u.Level != market.LevelUnknown || u.Score != 0 || u.Unreadable.Code != market.PageCaptcha || u.Reasons == nil {
		t.Errorf("Unreadable(captcha) = %+v; want unknown, 0, PAGE_CAPTCHA, empty reasons", u)
	}
	if u := Unreadable(nil); u.Unreadable == nil {
		t.Errorf("Unreadable(nil).Unreadable = nil; want a code")
	}
	if v := Score(market.Listing{}, market.Context{}); v.Unreadable == nil || v.Unreadable.Code != market.NoOffer {
		t.Errorf("Score(no offer).Unreadable = %v; want %s", v.Unreadable, market.NoOffer)
	}

	// Nothing to say is an empty list on the wire, not null.
	quiet := market.Listing{Marketplace: market.JP, ListPrice: yen(1000),
		Offer: &market.Offer{SellerID: "A1B2C3D4E5", SellerName: "Tokyo Shop", Price: yen(1000)}}
	c := market.Context{Seller: seller("A1B2C3D4E5", "Tokyo Shop", 50, 2, 5, 20, 95, "JP", "東京都千代田区1-1", "JP")}
	if v := Score(quiet, c); v.Reasons == nil || len(v.Reasons) != 0 {
		t.Errorf("Score(nothing to say).Reasons = %#v; want an empty, non-nil list", v.Reasons)
	}
}
