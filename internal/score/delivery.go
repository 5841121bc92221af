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
// LongDeliveryDays or more away. Amazon's warehouse dates are not the trick.
func (t Thresholds) longDelivery(j *judgement, o market.Offer, now time.Time) {
	if o.Fulfillment == market.FulfilledByAmazon {
		return
	}
	if days := deliveryDays(o.Delivery, now); days >= t.LongDeliveryDays {
		j.add(reason(LongDelivery, market.SeverityMedium, t.PointsMedium, "days", days))
	}
}

// deliveryDays is how many days away the latest promised delivery is, at
// least. The page's own duration counts, and so does the span from the
// earliest to the latest date: delivery starts in the future, so the
// latest date is at least that far away even when today is unknown (a
// saved page). With now, the latest date is resolved too. Dates carry no
// year; the year that puts the date nearest to now is meant ("01-20" seen
// on Dec 28 is next year's), and a date in the past counts as nothing.
func deliveryDays(d *market.Delivery, now time.Time) int {
	if d == nil {
		return 0
	}
	days := d.MaxDays
	ref := now
	if ref.IsZero() {
		ref = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // any day serves for the span
	}
	today := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())
	first, okFirst := monthDay(d.Earliest, today)
	last, okLast := monthDay(d.Latest, today)
	if okFirst && okLast {
		if last.Before(first) {
			last = last.AddDate(1, 0, 0) // "28 Dec - 9 Jan"
		}
		days = max(days, int(last.Sub(first).Hours()/24))
	}
	if now.IsZero() {
		return days
	}
	date, ok := last, okLast
	if !ok {
		date, ok = first, okFirst
	}
	if ok {
		for _, y := range []int{-1, 1} {
			if c := date.AddDate(y, 0, 0); c.Sub(today).Abs() < date.Sub(today).Abs() {
				date = c
			}
		}
		days = max(days, int(date.Sub(today).Hours()/24))
	}
	return days
}

// monthDay parses "MM-DD" into a date in today's year.
func monthDay(s string, today time.Time) (time.Time, bool) {
	t, err := time.Parse("01-02", s)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(today.Year(), t.Month(), t.Day(), 0, 0, 0, 0, today.Location()), true
}
