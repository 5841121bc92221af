package score

// Signs that an account changed hands (R4, issue "takeover signs beat a
// good record"). The article's hardest case is a hijacked account that
// "already has a decent rating": its lifetime record belongs to the old
// owner, so these signs cancel the established-seller credit, and with a
// low price they make danger whatever the lifetime count.
//
//   - a recent collapse of the star average (2023+ profile: stars per
//     period) against the lifetime or 12-month average;
//   - recent buyer comments saying the item never came;
//   - a storefront whose departments do not match the listing: the
//     garden-tools shop that suddenly lists smartphones;
//   - a former display name on the page.

import (
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
)

// takeoverSigns applies the signs above; it reports whether any fired.
func (t Thresholds) takeoverSigns(j *judgement, s sellerFacts, category string) bool {
	fired := t.starsCollapse(j, s)
	fired = t.notDelivered(j, s) || fired
	fired = t.categoryShift(j, s, category) || fired
	if s.formerName != "" && fold(s.formerName) != fold(s.name) {
		j.add(reason(SellerRenamed, market.SeverityMedium, t.PointsMedium, "former", s.formerName))
		fired = true
	}
	return fired
}

// starsCollapse compares the newest star average (30 days, else 90)
// with the usual one (lifetime, else 12 months). An average over fewer
// than RatingsDropMinRecent ratings is noise.
func (t Thresholds) starsCollapse(j *judgement, s sellerFacts) bool {
	if s.stars == nil {
		return false
	}
	usual := s.stars.Lifetime
	if usual == nil {
		usual = s.stars.Months12
	}
	recent, days := s.stars.Days30, 30
	if recent == nil || enough(s.ratings.Days30, t.RatingsDropMinRecent) == false {
		recent, days = s.stars.Days90, 90
		if !enough(s.ratings.Days90, t.RatingsDropMinRecent) {
			recent = nil
		}
	}
	if usual == nil || recent == nil || *usual-*recent < t.StarsDrop {
		return false
	}
	j.add(reason(RatingsCollapse, market.SeverityMedium, t.PointsMedium,
		"recent", *recent, "usual", *usual, "days", days))
	return true
}

// enough reports whether a window's rating count, when shown, is at
// least n; an unshown count does not veto the average shown with it.
func enough(count *int, n int) bool { return count == nil || *count >= n }

// notDeliveredPhrases are what buyers write when nothing came, in the
// form fold gives them (NFKC, lower case). Japanese first, then English.
var notDeliveredPhrases = []string{
	"届かない", "届きません", "届いていない", "届いてない", "届いておりません", "届かず", "未着",
	"届きませんでした", "商品が来ない", "発送されない", "発送されていない", "連絡が取れない",
	"never arrived", "never received", "never came", "never delivered", "not delivered",
	"not received", "didn't arrive", "did not arrive", "didn't receive", "did not receive",
	"hasn't arrived", "has not arrived", "haven't received", "have not received", "still waiting",
	"item never", "no tracking", "fake tracking",
}

// notDelivered counts the recent low-star comments that say the item
// never came: NotDeliveredComments of them are evidence of an account
// that takes orders and ships nothing.
func (t Thresholds) notDelivered(j *judgement, s sellerFacts) bool {
	n := 0
	for _, f := range s.feedback {
		if f.Stars > t.ComplaintStars || !t.recentFeedback(f.Date, s.now) {
			continue // a 5-star "feared it would never arrive" is praise
		}
		if containsAny(fold(f.Text), notDeliveredPhrases) {
			n++
		}
	}
	if n < t.NotDeliveredComments {
		return false
	}
	j.add(reason(FeedbackNotDelivered, market.SeverityMedium, t.PointsMedium, "comments", n))
	return true
}

// recentFeedback reports whether a comment dated date ("YYYY-MM-DD", or
// "MM-DD" in the year nearest now) is within FeedbackRecentDays of now.
// The profile shows its newest comments first, so a comment whose age
// cannot be told counts as recent.
func (t Thresholds) recentFeedback(date string, now time.Time) bool {
	if now.IsZero() {
		return true
	}
	today := day(now)
	d, exact, ok := pageDate(date, today)
	if !ok {
		return true
	}
	if !exact {
		d = nearest(d, today)
	}
	age := int(today.Sub(d).Hours() / 24)
	return age <= t.FeedbackRecentDays
}

// categoryShift compares the listing's department with the storefront's:
// the listing's top-level department (or any level of its breadcrumb)
// absent or tiny among the storefront's departments while one other
// department dominates is a shop selling what it never sold.
func (t Thresholds) categoryShift(j *judgement, s sellerFacts, category string) bool {
	if category == "" || len(s.categories) == 0 {
		return false
	}
	levels := map[string]bool{}
	for _, c := range strings.Split(category, ">") {
		if c = fold(c); c != "" {
			levels[c] = true
		}
	}
	// In int64 with each count capped: the counts come from the page.
	var total, own, topCount int64
	var top string
	for _, c := range s.categories {
		n := int64(min(max(c.Count, 0), 1e9))
		total += n
		if levels[fold(c.Name)] {
			own += n
		} else if n > topCount {
			top, topCount = c.Name, n
		}
	}
	if total < int64(t.CategoryMinListings) || own*100 > total*int64(t.CategoryTinyPercent) ||
		topCount*100 < total*int64(t.CategoryDominant) {
		return false
	}
	top1, _, _ := strings.Cut(category, ">")
	j.add(reason(CategoryMismatch, market.SeverityMedium, t.PointsMedium,
		"category", strings.TrimSpace(top1), "usual", top))
	return true
}
