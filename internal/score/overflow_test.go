package score

import (
	"math"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

// Amounts near int64's limits come only from hostile or broken input (the
// page reader caps prices far lower), but they must not wrap around into
// a different verdict.
func TestScoreHugeAmounts(t *testing.T) {
	const maxAmount = math.MaxInt64
	tests := []struct {
		name    string
		l       market.Listing
		want    string // a reason code that must be there
		percent int    // its "percent" param, when it is a price reason
	}{
		{
			name: "list price at the limit, price tiny",
			l: market.Listing{Marketplace: market.JP,
				Offer:     offer(market.FulfilledByAmazon, "A1B2C3D4E5", "Shop", yen(1)),
				ListPrice: yen(maxAmount)},
			want: PriceFarBelowListPrice, percent: 99,
		},
		{
			name: "list price at the limit, price at half",
			l: market.Listing{Marketplace: market.JP,
				Offer:     offer(market.FulfilledByAmazon, "A1B2C3D4E5", "Shop", yen(maxAmount/2)),
				ListPrice: yen(maxAmount)},
			want: PriceFarBelowListPrice, percent: 50,
		},
		{
			name: "price and shipping past the limit",
			l: market.Listing{Marketplace: market.JP,
				Offer: &market.Offer{SellerID: "A1B2C3D4E5", SellerName: "Shop", Fulfillment: market.FulfilledByAmazon,
					Price: yen(maxAmount - 10), Shipping: yen(100)}},
			want: NoPrice,
		},
		{
			name: "negative price and shipping wrapping around to positive",
			l: market.Listing{Marketplace: market.JP,
				Offer: &market.Offer{SellerID: "A1B2C3D4E5", SellerName: "Shop", Fulfillment: market.FulfilledByAmazon,
					Price: yen(math.MinInt64), Shipping: yen(-1)}},
			want: NoPrice,
		},
		{
			name: "two established offers at the limit",
			l: market.Listing{Marketplace: market.JP,
				Offer: offer(market.FulfilledByAmazon, "A1B2C3D4E5", "Shop", yen(maxAmount/4)),
				Offers: []market.Offer{
					rated(*offer(market.SellerFulfilled, "A9Z8Y7X6W5", "One", yen(maxAmount)), 500),
					rated(*offer(market.SellerFulfilled, "A5V4U3T2S1", "Two", yen(maxAmount-1)), 500),
				}},
			want: PriceFarBelowMarket, percent: 75,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Score(tt.l, market.Context{})
			for _, r := range v.Reasons {
				if r.Code != tt.want {
					continue
				}
				if tt.percent != 0 && r.Params["percent"] != tt.percent {
					t.Errorf("Score(...) %s percent = %v; want %d", r.Code, r.Params["percent"], tt.percent)
				}
				return
			}
			t.Errorf("Score(...) reasons = %v; want %s", reasonCodes(v), tt.want)
		})
	}
}
