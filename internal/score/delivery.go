package score

// R7: prefer Prime, fulfilled by Amazon; sold by Amazon itself is safest
// (プライムマークのついた商品を買う). A seller who ships themselves with a
// delivery weeks away can let the buyer's A-to-z claim window run out
// before the buyer notices nothing came (DESIGN.md public evidence).

import (
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

// isAmazon reports whether Amazon itself sells o. A seller ID settles it:
// a label saying "amazon" over a third party's ID would show a green badge
// for that party.
func isAmazon(o market.Offer) bool {
	if o.SellerID != "" {
		return market.IsAmazonSellerID(o.SellerID)
	}
	return o.Fulfillment == market.SoldByAmazon
}

// fulfillment notes who ships o, a third party's offer. An offer that
// names neither seller nor shipper leaves the verdict thin.
func (t Thresholds) fulfillment(j *judgement, o market.Offer) {
	switch o.Fulfillment {
	case market.FulfilledByAmazon:
		j.add(reason(FulfilledByAmazon, market.SeverityGood, t.PointsFBA))
	case market.SellerFulfilled:
		j.add(reason(SellerFulfilled, market.SeverityLow, t.PointsSellerFulfilled))
	default:
		if o.SellerName == "" && o.SellerID == "" {
			j.add(reason(SellerUnknown, market.SeverityInfo, 0))
			j.thin = true
		}
	}
}

// longDelivery warns when a seller who ships themselves promises delivery
// LongDeliveryDays or more away. Amazon's warehouse dates are not the
// trick, and neither is a pre-order's release date or a stated standard
// international delivery: those are long for a reason the page gives.
func (t Thresholds) longDelivery(j *judgement, o market.Offer, now time.Time) {
	if o.Fulfillment == market.FulfilledByAmazon || o.Delivery == nil {
		return
	}
	if text := fold(o.Delivery.Text); containsAny(text, preOrderWords) || containsAny(text, internationalWords) {
		return
	}
	if days, about := deliveryDays(o.Delivery, now); days >= t.LongDeliveryDays {
		j.add(reason(LongDelivery, market.SeverityMedium, t.PointsMedium, "days", days, "about", about))
	}
}

// preOrderWords and internationalWords mark a delivery text (folded) as
// a release date or a stated international delivery, in the
// marketplaces' languages.
var (
	preOrderWords = []string{"予約", "発売予定", "発売日", "pre-order", "preorder", "pre order",
		"release date", "will be released", "vorbestell", "erscheinungstermin", "précommande",
		"precommande", "date de sortie", "reserva", "preventa", "lanzamiento", "preordine", "data di uscita"}
	internationalWords = []string{"国際配送", "海外発送", "海外から発送", "international", "internacional",
		"internazionale", "internationale"}
)

// deliveryDays is how many days away the latest promised delivery is, at
// least, and whether that count is approximate (about). The page's own
// duration counts exactly, and so does the span from the earliest to the
// latest date: delivery starts in the future, so the latest date is at
// least that far away even when today is unknown (a saved page). With
// now, the latest date is resolved too. A date without a year is taken in
// the year that puts it nearest to now ("01-20" seen on Dec 28 is next
// year's), and the count is then "about"; a date in the past counts as
// nothing.
func deliveryDays(d *market.Delivery, now time.Time) (days int, about bool) {
	if d == nil {
		return 0, false
	}
	days = d.MaxDays
	ref := now
	if ref.IsZero() {
		ref = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // any day serves for the span
	}
	today := day(ref)
	first, exactFirst, okFirst := pageDate(d.Earliest, today)
	last, exactLast, okLast := pageDate(d.Latest, today)
	if okFirst && okLast {
		if last.Before(first) {
			last = last.AddDate(1, 0, 0) // "28 Dec - 9 Jan"
		}
		if span := int(last.Sub(first).Hours() / 24); span > days {
			days, about = span, !(exactFirst && exactLast)
		}
	}
	if now.IsZero() {
		return days, about
	}
	date, exact, ok := last, exactLast, okLast
	if !ok {
		date, exact, ok = first, exactFirst, okFirst
	}
	if ok {
		if !exact {
			date = nearest(date, today)
		}
		if n := int(date.Sub(today).Hours() / 24); n > days {
			days, about = n, !exact
		}
	}
	return days, about
}

// day is t's calendar day at midnight.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// pageDate parses a date as the page gives it: "YYYY-MM-DD" (exact) or
// "MM-DD", placed in today's year.
func pageDate(s string, today time.Time) (d time.Time, exact, ok bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, today.Location()), true, true
	}
	t, err := time.Parse("01-02", s)
	if err != nil {
		return time.Time{}, false, false
	}
	return time.Date(today.Year(), t.Month(), t.Day(), 0, 0, 0, 0, today.Location()), false, true
}

// nearest moves a date without a year to the year that puts it nearest
// to today.
func nearest(d, today time.Time) time.Time {
	for _, y := range []int{-1, 1} {
		if c := d.AddDate(y, 0, 0); c.Sub(today).Abs() < d.Sub(today).Abs() {
			d = c
		}
	}
	return d
}
