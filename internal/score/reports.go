package score

// Community reports (DESIGN.md "Also"): shoppers who report a seller
// through Mikiwame. One report may be a grudge, so it is a note; several
// distinct reporters are strong evidence.

import "github.com/mikiwame/mikiwame/internal/market"

func (t Thresholds) reports(j *judgement, rep *market.SellerReputation) {
	switch {
	case rep == nil || rep.Reporters <= 0:
	case rep.Reporters >= t.ReportersHigh:
		j.add(reason(CommunityReports, market.SeverityHigh, t.PointsHigh, "reporters", rep.Reporters))
	default:
		j.add(reason(CommunityReports, market.SeverityLow, t.PointsLow, "reporters", rep.Reporters))
	}
}
