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

// observationsKey is a hash of a product's counted prices: field the
// contributor's network-block hash, value the client tag and day
// (observationField) followed by the price in minor units. A later
// observation from the same block overwrites the earlier one.
func observationsKey(m market.Marketplace, asin string) string {
	return prefix + "obs:" + productTag(m, asin)
}

// baselineKey caches the computed baseline of a product as JSON (or
// noBaseline when too few contributors); deleted on every write.
func baselineKey(m market.Marketplace, asin string) string {
	return prefix + "baseline:" + productTag(m, asin)
}

// reportsKey is a hash of a seller's counted reports: field the reporter's
// network-block hash, value the report as JSON (with the client ID). One
// field per block is what bounds it; reading keeps one per client.
func reportsKey(m market.Marketplace, sellerID string) string {
	return prefix + "reports:" + sellerTag(m, sellerID)
}

// reputationKey caches a seller's computed reputation as JSON.
func reputationKey(m market.Marketplace, sellerID string) string {
	return prefix + "reputation:" + sellerTag(m, sellerID)
}

// recentReportsKey is a sorted set of every live report for the admin
// list: member recentMember(…), score the report's time in microseconds.
func recentReportsKey() string { return prefix + "recent-reports" }

// clientReportsKey lists a client's reports (members as in the admin
// list) for the admin's view of one client.
func clientReportsKey(clientID string) string { return prefix + "client:{" + clientID + "}:reports" }

// limitKey names a rate-limit bucket; id is a client ID or a keyed hash of
// an IP, never the IP itself. redis_rate puts its own "rate:" in front.
func limitKey(kind, id string) string {
	return prefix + "limit:" + kind + ":{" + id + "}"
}

// observationsOrderKey orders the blocks of observationsKey by when they
// last wrote (sorted set, member the block hash, score Unix seconds), so
// that the hash keeps only the newest MaxEntriesPerKey blocks.
func observationsOrderKey(m market.Marketplace, asin string) string {
	return prefix + "obs-order:" + productTag(m, asin)
}

// pendingObservationsKey and its order hold the prices of clients not yet
// trusted: stored, never counted, and bounded on their own so that they
// cannot push counted ones out.
func pendingObservationsKey(m market.Marketplace, asin string) string {
	return prefix + "obs-pending:" + productTag(m, asin)
}

func pendingObservationsOrderKey(m market.Marketplace, asin string) string {
	return prefix + "obs-pending-order:" + productTag(m, asin)
}

// rangeKey is "p25 p75" of a product's established baseline; prices far
// outside it are dropped on write.
func rangeKey(m market.Marketplace, asin string) string {
	return prefix + "range:" + productTag(m, asin)
}

// reportsOrderKey, pendingReportsKey and pendingReportsOrderKey do for a
// seller's reports what the observation keys do for a product's prices.
func reportsOrderKey(m market.Marketplace, sellerID string) string {
	return prefix + "reports-order:" + sellerTag(m, sellerID)
}

func pendingReportsKey(m market.Marketplace, sellerID string) string {
	return prefix + "reports-pending:" + sellerTag(m, sellerID)
}

func pendingReportsOrderKey(m market.Marketplace, sellerID string) string {
	return prefix + "reports-pending-order:" + sellerTag(m, sellerID)
}

// clientDaysKey is the set of UTC days (days since the epoch) on which a
// client wrote; how many there are is what makes it trusted.
func clientDaysKey(clientID string) string { return prefix + "client:{" + clientID + "}:days" }

// clientQuotaKey counts a client's writes of one kind on one day.
func clientQuotaKey(clientID, kind string, day int64) string {
	return prefix + "client:{" + clientID + "}:quota:" + kind + ":" + itoa(day)
}

// clientRevokedKey exists once an admin revoked the client.
func clientRevokedKey(clientID string) string { return prefix + "client:{" + clientID + "}:revoked" }

// revokedKey is the set of revoked clients' tags (clientTag), which every
// baseline and reputation computation leaves out.
func revokedKey() string { return prefix + "revoked" }

// revocationsKey counts revocations; computed values remember the count
// they were made at and are recomputed when it moved.
func revocationsKey() string { return prefix + "revocations" }

// mintOnceKey marks a solved mint challenge as used.
func mintOnceKey(challengeID string) string { return prefix + "mint-once:{" + challengeID + "}" }
