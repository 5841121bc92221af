package check

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/internal/market"
)

func intp(n int) *int { return &n }

func TestSellerOf(t *testing.T) {
	tests := []struct {
		name     string
		sellerID string
		profile  market.Seller
		want     market.Seller
		wantErr  bool
	}{
		{"same seller", "A1B2C3D4E5F6G7", market.Seller{ID: "A1B2C3D4E5F6G7", Name: "x"}, market.Seller{ID: "A1B2C3D4E5F6G7", Name: "x"}, false},
		{"page says no ID", "A1B2C3D4E5F6G7", market.Seller{Name: "x"}, market.Seller{ID: "A1B2C3D4E5F6G7", Name: "x"}, false},
		{"no buy-box seller", "", market.Seller{ID: "A3DORMANTJP001"}, market.Seller{ID: "A3DORMANTJP001"}, false},
		{"another seller", "A1B2C3D4E5F6G7", market.Seller{ID: "A3DORMANTJP001"}, market.Seller{}, true},
	}
	for _, tt := range tests {
		got, err := SellerOf(tt.sellerID, tt.profile)
		if !reflect.DeepEqual(got, tt.want) || (err != nil) != tt.wantErr {
			t.Errorf("SellerOf(%s) = %+v, %v; want %+v, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
		var other *OtherSellerError
		if tt.wantErr && (!errors.As(err, &other) || other.Got != tt.profile.ID || other.Want != tt.sellerID) {
			t.Errorf("SellerOf(%s) error = %#v; want an *OtherSellerError naming both sellers", tt.name, err)
		}
	}
}

func TestWithStorefront(t *testing.T) {
	s := market.Seller{ID: "A1B2C3D4E5F6G7", Name: "x"}
	tests := []struct {
		name    string
		seller  market.Seller
		sf      market.Storefront
		want    market.Seller
		wantErr bool
	}{
		{"same seller", s, market.Storefront{SellerID: s.ID, Listings: 1000, AtLeast: true}, market.Seller{ID: s.ID, Name: "x", Listings: intp(1000), ListingsAtLeast: true}, false},
		{"storefront says no ID", s, market.Storefront{Listings: 0}, market.Seller{ID: s.ID, Name: "x", Listings: intp(0)}, false},
		{"profile says no ID", market.Seller{Name: "x"}, market.Storefront{SellerID: s.ID, Listings: 3}, market.Seller{Name: "x", Listings: intp(3)}, false},
		{"another seller", s, market.Storefront{SellerID: "A3DORMANTJP001", Listings: 5}, s, true},
		{"departments", s, market.Storefront{SellerID: s.ID, Listings: 412, Categories: []market.CategoryCount{{Name: "Cell Phones", Count: 301}}},
			market.Seller{ID: s.ID, Name: "x", Listings: intp(412), Categories: []market.CategoryCount{{Name: "Cell Phones", Count: 301}}}, false},
	}
	for _, tt := range tests {
		got, err := WithStorefront(tt.seller, tt.sf)
		if !reflect.DeepEqual(got, tt.want) || (err != nil) != tt.wantErr {
			t.Errorf("WithStorefront(%s) = %+v, %v; want %+v, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

// Seller is what the service worker calls once it has both pages; its
// answer is what the worker caches and scores with.
func TestSeller(t *testing.T) {
	const id = "A1B2C3D4E5F6G7"
	tests := []struct {
		name, profile, storefront, sellerID string
		want                                string // the seller's JSON, or "" for a failure
		wantErr                             string
	}{
		{"profile and storefront", `{"id":"` + id + `","name":"x","ratings":{}}`, `{"sellerId":"` + id + `","listings":1000,"atLeast":true}`, id,
			`{"id":"` + id + `","name":"x","ratings":{},"listings":1000,"listingsAtLeast":true}`, ""},
		{"no storefront", `{"name":"x","ratings":{}}`, "", id, `{"id":"` + id + `","name":"x","ratings":{}}`, ""},
		{"null storefront", `{"name":"x","ratings":{}}`, "null", id, `{"id":"` + id + `","name":"x","ratings":{}}`, ""},
		{"another seller's storefront is left out", `{"id":"` + id + `","ratings":{}}`, `{"sellerId":"A3DORMANTJP001","listings":5}`, id, `{"id":"` + id + `","ratings":{}}`, ""},
		{"another seller's profile", `{"id":"A3DORMANTJP001","ratings":{}}`, "", id, "", "not " + id},
		{"no profile", "", "", id, "", "seller is empty"},
		{"broken storefront", `{"ratings":{}}`, `{"listings":"many"}`, id, "", "storefront"},
		{"bad seller ID", `{"ratings":{}}`, "", "../x", "", "not an Amazon seller ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Seller(tt.profile, tt.storefront, tt.sellerID)
			if tt.want == "" {
				if env.OK || !strings.Contains(env.Error, tt.wantErr) {
					t.Errorf("Seller(%s) = %s; want ok false with %q", tt.name, env.JSON(), tt.wantErr)
				}
				return
			}
			if want := `{"ok":true,"seller":` + tt.want + `}`; env.JSON() != want {
				t.Errorf("Seller(%s) = %s; want %s", tt.name, env.JSON(), want)
			}
		})
	}
}
