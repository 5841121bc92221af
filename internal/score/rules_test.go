package score

import (
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

// neutral is a listing that raises no flag: an established Japanese
// seller shipping through Amazon at the crowd's price.
func neutral() (market.Listing, market.Context) {
	l := market.Listing{Marketplace: market.JP, Offer: offer(market.SellerFulfilled, "A1", "Tokyo Camera Style", yen(10000))}
	return l, market.Context{Now: now, Baseline: crowd(10000, "JPY", 10), Seller: established("A1")}
}

func find(v market.Verdict, code string) (market.Reason, bool) {
	for _, r := range v.Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return market.Reason{}, false
}

func TestNeutralIsOK(t *testing.T) {
	l, c := neutral()
	if v := Score(l, c); v.Level != market.LevelOK {
		t.Fatalf("Score(neutral) = %s %v; want ok", v.Level, reasonCodes(v))
	}
}

func TestPriceEdges(t *testing.T) {
	tests := []struct {
		price   int64
		want    string
		percent int
	}{
		{5000, PriceFarBelowMarket, 50},
		{5001, PriceBelowMarket, 49},
		{8000, PriceBelowMarket, 20},
		{8001, "", 0},
		{10000, "", 0},
		{15000, "", 0},
	}
	for _, tt := range tests {
		r, ok := Default.price(*yen(tt.price), *yen(10000), market.BaselineCrowd, Default.PriceBelow)
		if tt.want == "" {
			if ok {
				t.Errorf("price(¥%d, ¥10000) = %s; want none", tt.price, r.Code)
			}
			continue
		}
		if !ok || r.Code != tt.want || r.Params["percent"] != tt.percent {
			t.Errorf("price(¥%d, ¥10000) = %s %v; want %s %d%%", tt.price, r.Code, r.Params["percent"], tt.want, tt.percent)
		}
	}
	if _, ok := Default.price(*yen(1), *yen(0), market.BaselineCrowd, Default.PriceBelow); ok {
		t.Errorf("price(¥1, ¥0) fired; want none")
	}
}

// TestSellerEdges sets one fact of the neutral seller at a time, right at
// and right past each threshold.
func TestSellerEdges(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(s *market.Seller)
		code   string
		fires  bool
		params map[string]any
	}{
		{"0 ratings", func(s *market.Seller) { s.Ratings = market.Ratings{Lifetime: ip(0)} }, SellerNoRatings, true, nil},
		{"just launched", func(s *market.Seller) { s.Ratings = market.Ratings{}; s.JustLaunched = true }, SellerNoRatings, true, nil},
		{"9 ratings", func(s *market.Seller) { s.Ratings = market.Ratings{Lifetime: ip(9), Months12: ip(9)} }, SellerFewRatings, true, map[string]any{"ratings": 9}},
		{"10 ratings", func(s *market.Seller) { s.Ratings = market.Ratings{Lifetime: ip(10), Months12: ip(10)} }, SellerFewRatings, false, nil},
		{"12-month count is a lower bound", func(s *market.Seller) { s.Ratings = market.Ratings{Months12: ip(50)} }, SellerFewRatings, false, nil},
		{"100 listings, 5 ratings", func(s *market.Seller) {
			s.Listings, s.Ratings = ip(100), market.Ratings{Lifetime: ip(5), Months12: ip(5)}
		}, ManyListingsFewRatings, true, map[string]any{"listings": 100, "ratings": 5}},
		{"99 listings, 1 rating", func(s *market.Seller) {
			s.Listings, s.Ratings = ip(99), market.Ratings{Lifetime: ip(1), Months12: ip(1)}
		}, ManyListingsFewRatings, false, nil},
		{"2020 listings, 101 ratings", func(s *market.Seller) {
			s.Listings, s.Ratings = ip(2020), market.Ratings{Lifetime: ip(101), Months12: ip(101)}
		}, ManyListingsFewRatings, true, map[string]any{"listings": 2020, "ratings": 101}},
		{"2019 listings, 101 ratings", func(s *market.Seller) {
			s.Listings, s.Ratings = ip(2019), market.Ratings{Lifetime: ip(101), Months12: ip(101)}
		}, ManyListingsFewRatings, false, nil},
		{"500 listings, just launched", func(s *market.Seller) {
			s.Listings, s.Ratings, s.JustLaunched = ip(500), market.Ratings{}, true
		}, ManyListingsFewRatings, true, map[string]any{"listings": 500, "ratings": 0}},
		{"30 lifetime, none in 90 days", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(30), Days30: ip(0), Days90: ip(0), Months12: ip(4)}
		}, DormantAccount, true, map[string]any{"lifetime": 30, "days": 90}},
		{"29 lifetime, none in 90 days", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(29), Days30: ip(0), Days90: ip(0), Months12: ip(4)}
		}, DormantAccount, false, nil},
		{"none in 12 months", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(400), Months12: ip(0)}
		}, DormantAccount, true, map[string]any{"lifetime": 400, "days": 365}},
		{"none in 30 days only", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(400), Days30: ip(0), Days90: ip(3), Months12: ip(20)}
		}, DormantAccount, false, nil},
		{"30-day share 20 points down", func(s *market.Seller) { s.PositivePercent30 = ip(78) }, RecentRatingsDrop, true, map[string]any{"recent": 78, "usual": 98}},
		{"30-day share 19 points down", func(s *market.Seller) { s.PositivePercent30 = ip(79) }, RecentRatingsDrop, false, nil},
		{"30-day share on 2 ratings", func(s *market.Seller) { s.PositivePercent30, s.Ratings.Days30 = ip(0), ip(2) }, RecentRatingsDrop, false, nil},
		{"79 % positive", func(s *market.Seller) { s.PositivePercent = ip(79) }, LowPositiveFeedback, true, map[string]any{"percent": 79}},
		{"80 % positive", func(s *market.Seller) { s.PositivePercent = ip(80) }, LowPositiveFeedback, false, nil},
		{"80 % positive is not established", func(s *market.Seller) { s.PositivePercent = ip(80) }, EstablishedSeller, false, nil},
		{"established", func(s *market.Seller) {}, EstablishedSeller, true, map[string]any{"ratings": 2000}},
		{"99 ratings is not established", func(s *market.Seller) {
			s.Ratings = market.Ratings{Lifetime: ip(99), Days90: ip(5), Months12: ip(40)}
		}, EstablishedSeller, false, nil},
		{"country CN", func(s *market.Seller) { s.Country = "cn" }, AddressOverseas, true, map[string]any{"country": "CN"}},
		{"no address", func(s *market.Seller) { s.Country, s.Address = "", nil }, AddressMissing, true, nil},
		{"address without country", func(s *market.Seller) { s.Country = "" }, AddressMissing, false, nil},
		{"flat", func(s *market.Seller) { s.Address = []string{"東京都中野区1-2-3 メゾン中野 302号室"} }, AddressResidential, true, nil},
		{"about: messenger", func(s *market.Seller) { s.About = "Questions? WhatsApp +86 138 0000 0000" }, OffPlatformContact, true, nil},
		{"about: plain", func(s *market.Seller) { s.About = "We sell online since 2009. Our product line covers cameras." }, OffPlatformContact, false, nil},
		{"sloppy name", func(s *market.Seller) { s.Name = "asdfghjk" }, SloppySellerName, true, map[string]any{"name": "asdfghjk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, c := neutral()
			tt.mod(c.Seller)
			v := Score(l, c)
			r, ok := find(v, tt.code)
			if ok != tt.fires {
				t.Fatalf("Score() reasons = %v; want %s present = %v", reasonCodes(v), tt.code, tt.fires)
			}
			for k, want := range tt.params {
				if got := r.Params[k]; got != want {
					t.Errorf("%s param %s = %v; want %v", tt.code, k, got, want)
				}
			}
			checkReasons(t, v)
		})
	}
}

func TestDeliveryDays(t *testing.T) {
	dec28 := time.Date(2026, 12, 28, 23, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		d    *market.Delivery
		now  time.Time
		want int
	}{
		{"none", nil, now, 0},
		{"duration", &market.Delivery{MaxDays: 35}, now, 35},
		{"latest date", &market.Delivery{Earliest: "12-01", Latest: "12-08"}, now, 14},
		{"earliest only", &market.Delivery{Earliest: "11-26"}, now, 2},
		{"into next year", &market.Delivery{Latest: "01-20"}, dec28, 23},
		{"a few days ago is past, not next year", &market.Delivery{Latest: "11-20"}, now, 0},
		{"months ago on a stale page: the span still counts", &market.Delivery{Earliest: "05-18", Latest: "06-09"}, now, 22},
		{"span across new year", &market.Delivery{Earliest: "12-28", Latest: "01-09"}, time.Time{}, 12},
		{"stale date, page duration kept", &market.Delivery{Latest: "06-09", MaxDays: 35}, now, 35},
		{"late December seen in January", &market.Delivery{Latest: "12-30"}, time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC), 0},
		{"bad date", &market.Delivery{Latest: "13-45"}, now, 0},
		{"date without a clock", &market.Delivery{Latest: "12-24"}, time.Time{}, 0},
		{"span without a clock", &market.Delivery{Earliest: "01-17", Latest: "02-07"}, time.Time{}, 21},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := deliveryDays(tt.d, tt.now); got != tt.want {
				t.Errorf("deliveryDays(%+v) = %d; want %d", tt.d, got, tt.want)
			}
		})
	}
}

func TestLongDeliveryEdge(t *testing.T) {
	for _, tt := range []struct {
		days  int
		fires bool
	}{{13, false}, {14, true}} {
		l, c := neutral()
		l.Offer.Delivery = &market.Delivery{MaxDays: tt.days}
		if _, ok := find(Score(l, c), LongDelivery); ok != tt.fires {
			t.Errorf("Score(delivery in %d days) has %s = %v; want %v", tt.days, LongDelivery, ok, tt.fires)
		}
	}
}

func TestCommunityReports(t *testing.T) {
	tests := []struct {
		reporters int
		want      market.Severity
	}{{0, ""}, {1, market.SeverityLow}, {2, market.SeverityLow}, {3, market.SeverityHigh}, {40, market.SeverityHigh}}
	for _, tt := range tests {
		l, c := neutral()
		c.Reputation = &market.SellerReputation{Reports: tt.reporters, Reporters: tt.reporters}
		r, _ := find(Score(l, c), CommunityReports)
		if r.Severity != tt.want {
			t.Errorf("Score(%d reporters) %s severity = %q; want %q", tt.reporters, CommunityReports, r.Severity, tt.want)
		}
	}
}

func TestResidential(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"東京都新宿区西新宿2-8-1", false},
		{"大阪府堺市1-2 コーポ山田 101号室", true},
		{"サンシャインマンション 5F", true},
		{"Apt 4B, 200 Park Ave", true},
		{"Room 1203, Building 5, Longhua", true},
		{"Flat 2, 10 High Street", true},
		{"Unit 7, Riverside Industrial Estate", false},
		{"Roomy Storage Ltd, 3 Dock Road", false},
		{"Aptos Business Park", false},
		{"Apt4B, 200 Park Ave", false}, // one word, as a regexp's \b reads it
		{"RM 12, Tower 2", true},
		{"FLAT 9", true},
		{"room_3", false},
	}
	for _, tt := range tests {
		if got := Default.residential("", []string{tt.line}); got != tt.want {
			t.Errorf("residential(%q) = %v; want %v", tt.line, got, tt.want)
		}
	}
}

func TestOffPlatform(t *testing.T) {
	tests := []struct {
		about string
		want  bool
	}{
		{"", false},
		{"お問い合わせはAmazonのメッセージ機能からお願いします。", false},
		{"We sell online since 2009.", false},
		{"Our product line covers cameras and lenses.", false},
		{"お支払いは銀行振込でお願いします", true},
		{"LINE ID: cheapgoods88", true},
		{"ご質問はLINEで", true},
		{"Add me on WeChat for discounts", true},
		{"Telegram @deals", true},
		{"Contact: sales.team@example.com", false}, // published, not a request (CONTACT_PUBLISHED)
		{"ご注文前にsales.team@example.comへご連絡ください", true},
		{"Amazon以外でのお支払いはお受けしておりません。", false},
		{"Pay by bank transfer for 10% off", true},
		{"微信: abc123", true},
	}
	for _, tt := range tests {
		if got := offPlatform(tt.about); got != tt.want {
			t.Errorf("offPlatform(%q) = %v; want %v", tt.about, got, tt.want)
		}
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name    string
		reasons []market.Reason
		thin    bool
		score   int
		want    market.Level
	}{
		{"nothing", nil, false, 0, market.LevelOK},
		{"nothing, thin", nil, true, 0, market.LevelUnknown},
		{"a low note", []market.Reason{reason(AddressResidential, market.SeverityLow, 10)}, false, 10, market.LevelOK},
		{"a medium warning outweighed", []market.Reason{reason(SloppySellerName, market.SeverityMedium, 20, "name", "x"),
			reason(EstablishedSeller, market.SeverityGood, -25, "ratings", 1)}, false, 20, market.LevelCaution},
		{"score at caution", []market.Reason{reason(AddressResidential, market.SeverityLow, 10), reason(CommunityReports, market.SeverityLow, 10, "reporters", 1)}, false, 20, market.LevelCaution},
		{"score at danger", []market.Reason{reason(SellerNoRatings, market.SeverityHigh, 40), reason(AddressResidential, market.SeverityLow, 10)}, false, 50, market.LevelDanger},
		{"danger even when thin", []market.Reason{reason(SellerNoRatings, market.SeverityHigh, 40), reason(SellerNoRatings, market.SeverityHigh, 40)}, true, 80, market.LevelDanger},
		{"capped at 100", []market.Reason{reason(OffPlatformContact, market.SeverityHigh, 80), reason(OffPlatformContact, market.SeverityHigh, 80)}, false, 100, market.LevelDanger},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := judgement{t: Default, reasons: tt.reasons, thin: tt.thin}
			score, level := j.level()
			if score != tt.score || level != tt.want {
				t.Errorf("level() = %d, %s; want %d, %s", score, level, tt.score, tt.want)
			}
		})
	}
}

func BenchmarkScore(b *testing.B) {
	l := market.Listing{Marketplace: market.JP, ListPrice: yen(40800),
		Offer: &market.Offer{SellerID: "A1", SellerName: "Sakura Trading", Fulfillment: market.SellerFulfilled,
			Price: yen(2100), Delivery: &market.Delivery{Latest: "12-15"}},
		Offers: []market.Offer{rated(*offer(market.FulfilledByAmazon, "B1", "Big Store", yen(40000)), 500),
			*offer(market.SoldByAmazon, "AN1VRQENFRJN5", "Amazon.co.jp", yen(40800))}}
	c := market.Context{Now: now, Baseline: crowd(40800, "JPY", 12),
		Seller: seller("A1", "Sakura Trading", 250, 0, 0, 0, 96, "JP", "大阪府大阪市北区1-2-3", "JP")}
	c.Seller.About = "Thank you for shopping with us."
	for b.Loop() {
		Score(l, c)
	}
}
