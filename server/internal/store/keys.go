package store

import "github.com/mikiwame/mikiwame/internal/market"

// Every Redis key the server uses is built here. Keys are prefixed and
// versioned (a new layout gets v2 and can live next to v1), and carry a
// hash tag around the product or seller so that, in Redis Cluster, all the
// keys of one product or one seller sit in the same slot.
const prefix = "mkw:v1:"

// productTag is "{JP:B000000000}".
func productTag(m market.Marketplace, asin string) string {
	return "{" + string(m) + ":" + asin + "}"
}

// sellerTag is "{JP:A1THAZDOWP300U}".
func sellerTag(m market.Marketplace, sellerID string) string {
	return "{" + string(m) + ":" + sellerID + "}"
}

// observationsKey is a hash of a product's prices: field a short hash of
// the client ID and the day (observationField), value the price in minor
// units. A later observation the same day overwrites the earlier one.
func observationsKey(m market.Marketplace, asin string) string {
	return prefix + "obs:" + productTag(m, asin)
}

// baselineKey caches the computed baseline of a product as JSON (or
// noBaseline when too few contributors); deleted on every write.
func baselineKey(m market.Marketplace, asin string) string {
	return prefix + "baseline:" + productTag(m, asin)
}

// reportsKey is a hash of a seller's live reports: field clientID, value
// the report as JSON. One field per client is what makes a second report
// from the same client replace the first.
func reportsKey(m market.Marketplace, sellerID string) string {
	return prefix + "reports:" + sellerTag(m, sellerID)
}

// reputationKey caches a seller's computed reputation as JSON.
func reputationKey(m market.Marketplace, sellerID string) string {
	return prefix + "reputation:" + sellerTag(m, sellerID)
}

// recentReportsKey is a sorted set of every live report for the admin
// list: member recentMember(…), score the report's Unix time.
func recentReportsKey() string { return prefix + "recent-reports" }

func recentMember(m market.Marketplace, sellerID, clientID string) string {
	return string(m) + "|" + sellerID + "|" + clientID
}

// limitKey names a rate-limit bucket; id is a client ID or a keyed hash of
// an IP, never the IP itself. redis_rate puts its own "rate:" in front.
func limitKey(kind, id string) string {
	return prefix + "limit:" + kind + ":{" + id + "}"
}
