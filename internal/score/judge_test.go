package score

import (
	"slices"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// judged is one listing-and-context case with the reasons its verdict
// must and must not have, and optionally its level.
type judged struct {
	name    string
	l       market.Listing
	c       market.Context
	must    []string
	mustNot []string
	level   market.Level // "" when any level will do
}

func runJudged(t *testing.T, tests []judged) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Score(tt.l, tt.c)
			checkReasons(t, v)
			codes := reasonCodes(v)
			for _, c := range tt.must {
				if !slices.Contains(codes, c) {
					t.Errorf("Score() = %s %v; want %s among them", v.Level, codes, c)
				}
			}
			for _, c := range tt.mustNot {
				if slices.Contains(codes, c) {
					t.Errorf("Score() = %s %v; want no %s", v.Level, codes, c)
				}
			}
			if tt.level != "" && v.Level != tt.level {
				t.Errorf("Score().Level = %s (%d, %v); want %s", v.Level, v.Score, codes, tt.level)
			}
		})
	}
}

// sale is the neutral listing with a price, and the context with the
// seller changed by mod and the baseline given.
func sale(price int64, f market.Fulfillment, base *market.Baseline, mod func(*market.Seller)) (market.Listing, market.Context) {
	l, c := neutral()
	l.Offer.Price, l.Offer.Fulfillment = yen(price), f
	c.Baseline = base
	if mod != nil {
		mod(c.Seller)
	}
	return l, c
}

// listPriced is sale with only a list price to compare with.
func listPriced(price, lp int64, mod func(*market.Seller)) (market.Listing, market.Context) {
	l, c := sale(price, market.SellerFulfilled, nil, mod)
	l.ListPrice = yen(lp)
	return l, c
}

func noRatings(s *market.Seller) {
	s.Ratings = market.Ratings{Lifetime: ip(0), Days30: ip(0), Days90: ip(0), Months12: ip(0)}
	s.JustLaunched, s.PositivePercent = true, nil
}

func fewRatings(n int) func(*market.Seller) {
	return func(s *market.Seller) { s.Ratings = market.Ratings{Lifetime: ip(n), Months12: ip(n), Days90: ip(n)} }
}

func TestListPriceIsWeakEvidence(t *testing.T) {
	var tests []judged
	l, c := listPriced(7000, 10000, nil)
	tests = append(tests, judged{name: "30 % off a list price is a sale", l: l, c: c,
		mustNot: []string{PriceBelowMarket, PriceFarBelowMarket, PriceFarBelowListPrice}, level: market.LevelOK})
	l, c = listPriced(7000, 10000, noRatings)
	tests = append(tests, judged{name: "30 % off a list price from a new seller counts the seller once", l: l, c: c,
		must: []string{SellerNoRatings}, mustNot: []string{PriceBelowMarket, CheapFromUnprovenSeller}, level: market.LevelCaution})
	l, c = listPriced(4000, 10000, nil)
	tests = append(tests, judged{name: "60 % off a list price warns, naming the list price", l: l, c: c,
		must: []string{PriceFarBelowListPrice}, mustNot: []string{PriceFarBelowMarket}})
	l, c = sale(7000, market.SellerFulfilled, crowd(10000, "JPY", 10), nil)
	tests = append(tests, judged{name: "30 % below the crowd's price is somewhat low", l: l, c: c,
		must: []string{PriceBelowMarket}})
	runJudged(t, tests)
}

func TestDormantIsRelative(t *testing.T) {
	r := func(lifetime, d30, d90, m12 int) func(*market.Seller) {
		return func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(lifetime), Days30: ip(d30), Days90: ip(d90), Months12: ip(m12)}
		}
	}
	tests := []struct {
		name         string
		mod          func(*market.Seller)
		dormant      bool
		recent, days int
		established  bool
	}{
		{"5,000 lifetime, a handful in 12 months", r(5000, 1, 2, 5), true, 5, 365, false},
		{"5,000 lifetime, 25 in 12 months is trading", r(5000, 2, 8, 25), false, 0, 0, true},
		{"2,000 lifetime, 12 in 12 months, 3 in 90 days", r(2000, 1, 3, 12), false, 0, 0, true},
		{"2,000 lifetime, 9 in 12 months", r(2000, 1, 3, 9), true, 9, 365, false},
		{"400 lifetime, 3 in 12 months: the floor", r(400, 0, 1, 3), false, 0, 0, true},
		{"400 lifetime, 2 in 12 months", r(400, 0, 1, 2), true, 2, 365, false},
		{"400 lifetime, none in 90 days", r(400, 0, 0, 20), true, 0, 90, false},
		{"5,000 lifetime, 3 in 90 days", r(5000, 1, 3, 30), true, 3, 90, false},
		{"40 lifetime, 1 in 90 days", r(40, 0, 1, 3), false, 0, 0, false},
		{"only the 30-day count, 2 of them", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(500), Days30: ip(2)}
		}, false, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), tt.mod)
			v := Score(l, c)
			d, ok := find(v, DormantAccount)
			if ok != tt.dormant || ok && (d.Params["recent"] != tt.recent || d.Params["days"] != tt.days) {
				t.Errorf("Score() %s = %v %v; want %v recent %d days %d", DormantAccount, ok, d.Params, tt.dormant, tt.recent, tt.days)
			}
			if _, ok := find(v, EstablishedSeller); ok != tt.established {
				t.Errorf("Score() %s = %v; want %v (%v)", EstablishedSeller, ok, tt.established, reasonCodes(v))
			}
		})
	}
}

func TestFulfilledByAmazonWeighsSellerTrust(t *testing.T) {
	var tests []judged
	l, c := sale(10000, market.FulfilledByAmazon, crowd(10000, "JPY", 10), noRatings)
	tests = append(tests, judged{name: "new FBA seller at the market price", l: l, c: c,
		must: []string{SellerNoRatings}, mustNot: []string{CheapFromUnprovenSeller}, level: market.LevelCaution})
	l, c = sale(7500, market.FulfilledByAmazon, crowd(10000, "JPY", 10), noRatings)
	tests = append(tests, judged{name: "new FBA seller somewhat below market", l: l, c: c,
		must: []string{SellerNoRatings, PriceBelowMarket}, mustNot: []string{CheapFromUnprovenSeller}, level: market.LevelCaution})
	l, c = sale(7500, market.SellerFulfilled, crowd(10000, "JPY", 10), noRatings)
	tests = append(tests, judged{name: "new self-shipping seller somewhat below market", l: l, c: c,
		must: []string{CheapFromUnprovenSeller}, level: market.LevelDanger})
	l, c = sale(4000, market.FulfilledByAmazon, crowd(10000, "JPY", 10), noRatings)
	tests = append(tests, judged{name: "new FBA seller far below market", l: l, c: c,
		must: []string{CheapFromUnprovenSeller}, level: market.LevelDanger})
	l, c = sale(7500, market.FulfilledByAmazon, crowd(10000, "JPY", 10), func(s *market.Seller) {
		s.Ratings = market.Ratings{Lifetime: ip(400), Days30: ip(0), Days90: ip(0), Months12: ip(0)}
	})
	tests = append(tests, judged{name: "dormant FBA account somewhat below market", l: l, c: c,
		must: []string{DormantAccount, CheapFromUnprovenSeller}, level: market.LevelDanger})
	runJudged(t, tests)
	l, c = sale(10000, market.FulfilledByAmazon, crowd(10000, "JPY", 10), noRatings)
	if r, _ := find(Score(l, c), SellerNoRatings); r.Severity != market.SeverityMedium {
		t.Errorf("Score(new FBA seller) %s severity = %s; want medium", SellerNoRatings, r.Severity)
	}
}

func TestNoGoodSignBesideAWarning(t *testing.T) {
	var tests []judged
	l, c := sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), func(s *market.Seller) {
		s.Listings, s.Ratings = ip(2020), market.Ratings{Lifetime: ip(101), Days90: ip(20), Months12: ip(101)}
	})
	tests = append(tests, judged{name: "2,020 listings for 101 ratings", l: l, c: c,
		must: []string{ManyListingsFewRatings}, mustNot: []string{EstablishedSeller}})
	l, c = sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), func(s *market.Seller) { s.JustLaunched = true })
	tests = append(tests, judged{name: "a stale just-launched marker beside 2,000 ratings", l: l, c: c,
		must: []string{EstablishedSeller}, mustNot: []string{SellerNoRatings}})
	runJudged(t, tests)
}

func TestOverseasEstablishedIsInformation(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*market.Seller)
		sev  market.Severity
	}{
		{"established, active, well rated", func(s *market.Seller) { s.Country = "CN" }, market.SeverityInfo},
		{"few ratings", func(s *market.Seller) { s.Country = "CN"; fewRatings(5)(s) }, market.SeverityMedium},
		{"dormant", func(s *market.Seller) {
			s.Country, s.Ratings = "CN", market.Ratings{Lifetime: ip(3000), Days90: ip(0), Months12: ip(1)}
		}, market.SeverityMedium},
	}
	for _, tt := range tests {
		l, c := sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), tt.mod)
		r, ok := find(Score(l, c), AddressOverseas)
		if !ok || r.Severity != tt.sev || (tt.sev == market.SeverityInfo) != (r.Points == 0) {
			t.Errorf("%s: Score() %s = %v %s %d; want %s", tt.name, AddressOverseas, ok, r.Severity, r.Points, tt.sev)
		}
	}
}

func TestResidentialPerCountry(t *testing.T) {
	tests := []struct {
		country, line string
		want          bool
	}{
		{"CN", "Room 1203, Building 5, Longhua", false},
		{"HK", "Flat A, 12/F, Kwun Tong Industrial Centre", false},
		{"TW", "台北市信義區 8樓之3 室", false},
		{"CN", "深圳市南山区科技园1203室", false},
		{"GB", "Flat 2, 10 High Street", true},
		{"US", "Apt 4B, 200 Park Ave", true},
		{"JP", "東京都中野区1-2-3 メゾン中野 302号室", true},
		{"", "ＲＯＯＭ 5, 3 Dock Road", true}, // full-width, normalised
		{"DE", "Musterstraße 5", false},
	}
	for _, tt := range tests {
		if got := Default.residential(tt.country, []string{tt.line}); got != tt.want {
			t.Errorf("residential(%q, %q) = %v; want %v", tt.country, tt.line, got, tt.want)
		}
	}
}

func TestLongDeliveryReasons(t *testing.T) {
	tests := []struct {
		name  string
		d     market.Delivery
		fires bool
		about bool
	}{
		{"a date without a year", market.Delivery{Latest: "12-20"}, true, true},
		{"a date with its year", market.Delivery{Latest: "2026-12-20"}, true, false},
		{"the page's own duration", market.Delivery{MaxDays: 30}, true, false},
		{"a pre-order's release date", market.Delivery{Text: "予約商品の発売予定日は2026年12月20日です", Latest: "12-20"}, false, false},
		{"pre-order in English", market.Delivery{Text: "This item will be released on December 20.", Latest: "12-20"}, false, false},
		{"standard international delivery", market.Delivery{Text: "Standard International Delivery: 3-4 weeks", MaxDays: 28}, false, false},
		{"full-width Japanese international", market.Delivery{Text: "海外発送のため２～３週間", MaxDays: 21}, false, false},
	}
	for _, tt := range tests {
		l, c := neutral()
		l.Offer.Delivery = &tt.d
		r, ok := find(Score(l, c), LongDelivery)
		if ok != tt.fires || ok && r.Params["about"] != tt.about {
			t.Errorf("%s: Score() %s = %v %v; want %v about %v", tt.name, LongDelivery, ok, r.Params, tt.fires, tt.about)
		}
	}
}

func TestTakeoverSignsBeatAGoodRecord(t *testing.T) {
	f := func(p *float64) *float64 { return p }
	fp := func(x float64) *float64 { return f(&x) }
	now := now
	signs := []struct {
		name string
		code string
		mod  func(*market.Seller)
		cat  string
	}{
		{"star average collapsed in 30 days", RatingsCollapse, func(s *market.Seller) {
			s.StarsBy = &market.Stars{Days30: fp(1.8), Days90: fp(3.9), Months12: fp(4.5), Lifetime: fp(4.8)}
		}, ""},
		{"buyers say nothing came (JA, full-width)", FeedbackNotDelivered, func(s *market.Seller) {
			s.Feedback = []market.Feedback{{Stars: 1, Text: "商品が届きません。連絡もなし", Date: "11-20"},
				{Stars: 1, Text: "２週間たっても未着です", Date: "2026-11-10"}, {Stars: 5, Text: "good", Date: "11-01"}}
		}, ""},
		{"buyers say nothing came (EN)", FeedbackNotDelivered, func(s *market.Seller) {
			s.Feedback = []market.Feedback{{Stars: 1, Text: "Item NEVER arrived.", Date: "11-20"},
				{Stars: 2, Text: "Still waiting, did not arrive", Date: "11-18"}}
		}, ""},
		{"a garden shop lists a smartphone", CategoryMismatch, func(s *market.Seller) {
			s.Categories = []market.CategoryCount{{Name: "DIY・工具・ガーデン", Count: 480}, {Name: "ホーム＆キッチン", Count: 30}}
		}, "家電＆カメラ > スマートフォン"},
		{"renamed", SellerRenamed, func(s *market.Seller) { s.FormerName = "Green Garden Tools" }, ""},
	}
	for _, sg := range signs {
		t.Run(sg.name, func(t *testing.T) {
			for _, tt := range []struct {
				price int64
				f     market.Fulfillment
				want  market.Level
			}{{10000, market.SellerFulfilled, market.LevelCaution}, {7500, market.SellerFulfilled, market.LevelDanger},
				{7500, market.FulfilledByAmazon, market.LevelDanger}, {3000, market.FulfilledByAmazon, market.LevelDanger}} {
				l, c := sale(tt.price, tt.f, crowd(10000, "JPY", 10), sg.mod)
				l.Category, c.Now = sg.cat, now
				v := Score(l, c)
				codes := reasonCodes(v)
				if !slices.Contains(codes, sg.code) || slices.Contains(codes, EstablishedSeller) || v.Level != tt.want {
					t.Errorf("Score(¥%d %s) = %s %v; want %s with %s and no %s", tt.price, tt.f, v.Level, codes, tt.want, sg.code, EstablishedSeller)
				}
				if low := tt.price < 10000; low != slices.Contains(codes, CheapFromChangedAccount) {
					t.Errorf("Score(¥%d) = %v; want %s = %v", tt.price, codes, CheapFromChangedAccount, low)
				}
			}
		})
	}
	// What the signs must not read into honest records.
	quiet := []struct {
		name string
		mod  func(*market.Seller)
		cat  string
	}{
		{"a small dip in stars", func(s *market.Seller) { s.StarsBy = &market.Stars{Days30: fp(4.0), Lifetime: fp(4.8)} }, ""},
		{"a collapse over two ratings", func(s *market.Seller) {
			s.StarsBy, s.Ratings.Days30, s.Ratings.Days90 = &market.Stars{Days30: fp(1.0), Days90: fp(4.6), Lifetime: fp(4.8)}, ip(2), ip(30)
		}, ""},
		{"praise that mentions arriving", func(s *market.Seller) {
			s.Feedback = []market.Feedback{{Stars: 5, Text: "I feared it would never arrive, but it came fast"},
				{Stars: 5, Text: "届かないかと思ったけど早かった"}}
		}, ""},
		{"old complaints", func(s *market.Seller) {
			s.Feedback = []market.Feedback{{Stars: 1, Text: "never arrived", Date: "2025-03-01"}, {Stars: 1, Text: "未着", Date: "2025-02-01"}}
		}, ""},
		{"one complaint", func(s *market.Seller) { s.Feedback = []market.Feedback{{Stars: 1, Text: "never arrived"}} }, ""},
		{"a general store", func(s *market.Seller) {
			s.Categories = []market.CategoryCount{{Name: "DIY・工具・ガーデン", Count: 300}, {Name: "ホーム＆キッチン", Count: 250}, {Name: "ペット用品", Count: 200}}
		}, "家電＆カメラ > スマートフォン"},
		{"a garden shop with a phone department lists a phone", func(s *market.Seller) {
			s.Categories = []market.CategoryCount{{Name: "DIY・工具・ガーデン", Count: 300}, {Name: "家電＆カメラ", Count: 150}}
		}, "家電＆カメラ > スマートフォン"},
		{"a garden shop lists garden tools", func(s *market.Seller) {
			s.Categories = []market.CategoryCount{{Name: "DIY・工具・ガーデン", Count: 480}, {Name: "ホーム＆キッチン", Count: 30}}
		}, "ＤＩＹ・工具・ガーデン > 園芸"},
		{"the same name in full width", func(s *market.Seller) { s.FormerName = "Ｔｏｋｙｏ Ｃａｍｅｒａ Ｓｔｙｌｅ" }, ""},
	}
	for _, tt := range quiet {
		l, c := sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), tt.mod)
		l.Category = tt.cat
		v := Score(l, c)
		if _, ok := find(v, EstablishedSeller); !ok || v.Level != market.LevelOK {
			t.Errorf("%s: Score() = %s %v; want ok with %s", tt.name, v.Level, reasonCodes(v), EstablishedSeller)
		}
	}
}

func TestRiskScalesWithStake(t *testing.T) {
	usd := func(n int64) *market.Money { return &market.Money{Amount: n, Currency: "USD"} }
	var tests []judged
	add := func(name string, price, base int64, title string, ratings int, want market.Level, must, mustNot []string) {
		l, c := sale(price, market.SellerFulfilled, crowd(base, "JPY", 10), fewRatings(ratings))
		l.Title = title
		tests = append(tests, judged{name: name, l: l, c: c, must: must, mustNot: mustNot, level: want})
	}
	add("¥200,000 laptop, a dozen ratings, 12 % off", 176000, 200000, "ノートパソコン 16インチ", 12, market.LevelCaution,
		[]string{HighValueThinRecord, PriceBelowMarket}, []string{CheapFromUnprovenSeller, SellerFewRatings})
	add("¥300 refill, a dozen ratings, 12 % off", 264, 300, "詰め替え用 洗剤", 12, market.LevelOK,
		nil, []string{HighValueThinRecord, PriceBelowMarket})
	add("¥35,000 camera (electronics band), a dozen ratings", 35000, 35000, "ミラーレス カメラ", 12, market.LevelCaution,
		[]string{HighValueThinRecord}, nil)
	add("¥35,000 rice cooker's bag, a dozen ratings", 35000, 35000, "羽毛布団 ダブル", 12, market.LevelOK,
		nil, []string{HighValueThinRecord})
	add("¥200,000 laptop, 60 ratings", 200000, 200000, "Laptop", 60, market.LevelOK, nil, []string{HighValueThinRecord})
	l, c := sale(0, market.SellerFulfilled, nil, fewRatings(12))
	l.Offer.Price, l.Title = usd(120000), "Gaming laptop"
	tests = append(tests, judged{name: "$1,200 laptop without a baseline", l: l, c: c, must: []string{HighValueThinRecord}})
	runJudged(t, tests)
}

func TestGiftCardsFromThirdParties(t *testing.T) {
	tests := []struct {
		title, category string
		sellerID        string
		want            bool
	}{
		{"Amazonギフトカード 10,000円分", "", "A1", true},
		{"Ａｐｐｌｅ Ｇｉｆｔ Ｃａｒｄ 5000", "", "A1", true},
		{"Google Play ギフトコード", "", "A1", true},
		{"Steam Wallet Code 50 EUR", "", "A1", true},
		{"Geschenkgutschein 50 €", "", "A1", true},
		{"Carte cadeau 25 €", "", "A1", true},
		{"Tarjeta regalo 50 €", "", "A1", true},
		{"Buono regalo 50 €", "", "A1", true},
		{"PlayStation Store チケット", "ギフトカード > ゲーム", "A1", true},
		{"ギフトカード ホルダー 10枚", "", "A1", false},
		{"Gift card holder, 10 pack", "", "A1", false},
		{"Amazonギフトカード 10,000円分", "", "AN1VRQENFRJN5", false},
		{"ワイヤレスイヤホン", "家電＆カメラ", "A1", false},
	}
	for _, tt := range tests {
		l, c := neutral()
		l.Title, l.Category, l.Offer.SellerID, c.Seller.ID = tt.title, tt.category, tt.sellerID, tt.sellerID
		v := Score(l, c)
		if _, ok := find(v, GiftCardThirdParty); ok != tt.want {
			t.Errorf("Score(%q from %s) %s = %v; want %v", tt.title, tt.sellerID, GiftCardThirdParty, ok, tt.want)
		}
		if tt.want && v.Level == market.LevelOK {
			t.Errorf("Score(%q) = ok; want at least caution", tt.title)
		}
	}
}

func TestBadSellerInputIsNotAFact(t *testing.T) {
	var tests []judged
	l, c := sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), func(s *market.Seller) {
		s.Ratings, s.JustLaunched, s.PositivePercent, s.NotRead = market.Ratings{Lifetime: ip(0)}, true, nil, []string{"ratings"}
	})
	tests = append(tests, judged{name: "ratings not read", l: l, c: c, must: []string{ProfilePartNotRead},
		mustNot: []string{SellerNoRatings, SellerFewRatings, EstablishedSeller}, level: market.LevelUnknown})
	l, c = sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), func(s *market.Seller) {
		s.Country, s.Address, s.NotRead = "", nil, []string{"address"}
	})
	tests = append(tests, judged{name: "address not read on a JP profile", l: l, c: c, must: []string{ProfilePartNotRead, EstablishedSeller},
		mustNot: []string{AddressMissing}, level: market.LevelOK})
	l, c = sale(10000, market.SellerFulfilled, crowd(10000, "JPY", 10), func(s *market.Seller) {
		s.About, s.NotRead = "WhatsApp +86 138 0000 0000", []string{"about"}
	})
	tests = append(tests, judged{name: "about not read", l: l, c: c, must: []string{ProfilePartNotRead}, mustNot: []string{OffPlatformContact}})
	l, c = neutral()
	c.Seller = &market.Seller{ID: "A1"}
	tests = append(tests, judged{name: "an empty profile page", l: l, c: c, must: []string{SellerProfileUnavailable},
		mustNot: []string{AddressMissing, SellerNoRatings}, level: market.LevelUnknown})
	l, c = neutral()
	c.Seller.Marketplace, c.Seller.Country = market.US, "US"
	tests = append(tests, judged{name: "a profile from another marketplace", l: l, c: c, must: []string{SellerProfileUnavailable},
		mustNot: []string{AddressOverseas, EstablishedSeller}, level: market.LevelUnknown})
	l, c = neutral()
	c.Seller.Marketplace = market.JP
	tests = append(tests, judged{name: "a profile from the same marketplace", l: l, c: c, must: []string{EstablishedSeller}, level: market.LevelOK})
	runJudged(t, tests)
}

func TestCrowdCannotOverruleThePage(t *testing.T) {
	var tests []judged
	// Five sharing shoppers saw the scam's own price: the list price still speaks.
	l, c := sale(2100, market.SellerFulfilled, crowd(2100, "JPY", 6), noRatings)
	l.ListPrice = yen(40800)
	tests = append(tests, judged{name: "self-poisoned crowd against the list price", l: l, c: c,
		must: []string{CrowdDisagrees, PriceFarBelowListPrice}, level: market.LevelDanger})
	l, c = sale(4900, market.SellerFulfilled, crowd(6000, "JPY", 10), nil)
	l.Offers = []market.Offer{*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(10000))}
	tests = append(tests, judged{name: "crowd lower than Amazon's offer cannot erase far below", l: l, c: c,
		must: []string{PriceFarBelowMarket}, mustNot: []string{CrowdDisagrees}})
	l, c = sale(9000, market.SellerFulfilled, crowd(10000, "JPY", 10), nil)
	l.Offers = []market.Offer{*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(9500))}
	tests = append(tests, judged{name: "crowd and page agree", l: l, c: c, mustNot: []string{CrowdDisagrees, PriceBelowMarket}, level: market.LevelOK})
	runJudged(t, tests)
	l, c = sale(9000, market.SellerFulfilled, crowd(10000, "JPY", 10), nil)
	l.Offers = []market.Offer{*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(9500))}
	if v := Score(l, c); v.BaselineSource != market.BaselineCrowd {
		t.Errorf("Score(crowd agreeing with Amazon).BaselineSource = %s; want crowd", v.BaselineSource)
	}
}

func TestCheaperOffersOnThePage(t *testing.T) {
	launched := func(o market.Offer) market.Offer { o.Rating = &market.OfferRating{JustLaunched: true}; return o }
	var tests []judged
	l, c := neutral()
	l.Offers = []market.Offer{launched(*offer(market.SellerFulfilled, "A9", "Quick Deals", yen(3900)))}
	tests = append(tests, judged{name: "a just-launched seller far below the buy box", l: l, c: c,
		must: []string{CheaperOfferUnproven}, level: market.LevelCaution})
	l, c = neutral()
	l.Offers = []market.Offer{launched(*offer(market.SellerFulfilled, "A9", "Quick Deals", yen(3900)))}
	c.PanelOffer = true
	tests = append(tests, judged{name: "judged as one panel offer, another offer's price is not its fault", l: l, c: c,
		mustNot: []string{CheaperOfferUnproven}})
	l, c = neutral()
	l.Offers = []market.Offer{rated(*offer(market.SellerFulfilled, "A9", "Big Shop", yen(3900)), 800)}
	tests = append(tests, judged{name: "an established seller far below", l: l, c: c, mustNot: []string{CheaperOfferUnproven}})
	l, c = neutral()
	l.Offers = []market.Offer{launched(*offer(market.SellerFulfilled, "A9", "Quick Deals", yen(8000)))}
	tests = append(tests, judged{name: "a new seller slightly below", l: l, c: c, mustNot: []string{CheaperOfferUnproven}, level: market.LevelOK})
	l, c = neutral()
	l.Offer = offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(10000))
	l.Offers = []market.Offer{launched(*offer(market.SellerFulfilled, "A9", "Quick Deals", yen(3900)))}
	tests = append(tests, judged{name: "beside Amazon's buy box it is a note", l: l, c: c,
		must: []string{SoldByAmazon, CheaperOfferUnproven}, level: market.LevelOK})
	l, c = neutral()
	l.OfferSummary = &market.OfferSummary{Count: 12, Lowest: yen(3000), Condition: market.New}
	tests = append(tests, judged{name: "the offer line names a far lower price", l: l, c: c,
		must: []string{OtherOfferFarBelow}, level: market.LevelOK})
	l, c = neutral()
	l.OfferSummary = &market.OfferSummary{Count: 12, Lowest: yen(3000)}
	tests = append(tests, judged{name: "a mixed new-and-used line compares nothing", l: l, c: c, mustNot: []string{OtherOfferFarBelow}})
	l, c = neutral()
	p := rated(*offer(market.SellerFulfilled, "A1", "Tokyo Camera Style", yen(10000)), 2000)
	p.Pinned = true
	l.Offer, l.Offers = nil, []market.Offer{p, rated(*offer(market.SellerFulfilled, "A2", "Other", yen(9000)), 300)}
	tests = append(tests, judged{name: "the panel's pinned offer is judged when the buy box was not read", l: l, c: c,
		must: []string{EstablishedSeller}, level: market.LevelOK})
	runJudged(t, tests)

	l, _ = neutral()
	l.Offer, l.OfferSummary = nil, &market.OfferSummary{Count: 174, Lowest: yen(35643)}
	v := Score(l, market.Context{})
	r, ok := find(v, OffersElsewhere)
	if v.Level != market.LevelUnknown || v.Unreadable == nil || v.Unreadable.Code != market.NoFeaturedOffer ||
		!ok || r.Params["count"] != 174 || r.Params["lowest"] != *yen(35643) {
		t.Errorf("Score(no featured offer) = %s %+v %v; want unknown %s with count 174, lowest ¥35,643", v.Level, v.Unreadable, v.Reasons, market.NoFeaturedOffer)
	}
	l.Offers = []market.Offer{*offer(market.SellerFulfilled, "A9", "X", yen(30000))}
	if r, _ := find(Score(l, market.Context{}), OffersElsewhere); r.Params["lowest"] != *yen(30000) {
		t.Errorf("Score(no featured offer, panel lower) lowest = %v; want ¥30,000", r.Params["lowest"])
	}
	l.Offers, l.OfferSummary = nil, nil
	if v := Score(l, market.Context{}); v.Unreadable == nil || v.Unreadable.Code != market.NoOffer {
		t.Errorf("Score(nothing on offer).Unreadable = %+v; want %s", v.Unreadable, market.NoOffer)
	}
}
