package store

import (
	"encoding/hex"

	"github.com/mikiwame/mikiwame/internal/market"
)

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
	return productEntries(m, asin, true).hash
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
	return sellerEntries(m, sellerID, true).hash
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

// entryKeys are the two keys of a product's prices or a seller's reports:
// a hash of one entry per network block (observationsKey, reportsKey for
// the counted ones) and a sorted set of the same blocks by the time of
// their last write (score Unix seconds), so that the hash keeps only the
// newest MaxEntriesPerKey blocks. Clients not trusted yet have keys of
// their own ("-pending"): stored, never counted, and bounded apart so
// that they cannot push counted entries out.
type entryKeys struct{ hash, order string }

func productEntries(m market.Marketplace, asin string, counted bool) entryKeys {
	return entries("obs", productTag(m, asin), counted)
}

func sellerEntries(m market.Marketplace, sellerID string, counted bool) entryKeys {
	return entries("reports", sellerTag(m, sellerID), counted)
}

func entries(kind, tag string, counted bool) entryKeys {
	if !counted {
		kind += "-pending"
	}
	return entryKeys{hash: prefix + kind + ":" + tag, order: prefix + kind + "-order:" + tag}
}

// rangeKey is "p25 p75" of a product's established baseline; prices far
// outside it are dropped on write.
func rangeKey(m market.Marketplace, asin string) string {
	return prefix + "range:" + productTag(m, asin)
}

// clientDaysKey is the set of UTC days (days since the epoch) on which a
// client wrote; how many there are is what makes it trusted.
func clientDaysKey(clientID string) string { return prefix + "client:{" + clientID + "}:days" }

// clientQuotaKey counts a client's writes of one kind on one day.
func clientQuotaKey(clientID, kind string, day int64) string {
	return prefix + "client:{" + clientID + "}:quota:" + kind + ":" + itoa(day)
}

// blockQuotaKey counts a network block's writes (observations and
// reports of all its clients) on one day; block is the stored 4-byte
// block hash (blockField), hex in the key.
func blockQuotaKey(block string, day int64) string {
	return prefix + "block:{" + hex.EncodeToString([]byte(block)) + "}:writes:" + itoa(day)
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

// bucketKey is a bucket's index (BucketOf): a sorted set of the products
// (kind "baselines", with enough counted entries for a baseline) or
// sellers ("sellers", with a counted report) whose hash starts with
// bucket, member "JP|ID", score the Unix time of the last such write. Its
// hash tag is the bucket, so in Redis Cluster the index is one slot; the
// values it points to live in their products' and sellers' own slots and
// are read in one pipeline across them (BaselineBucket, SellerBucket).
func bucketKey(kind, bucket string) string {
	return prefix + "bucket:" + kind + ":{bucket:" + kind + ":" + bucket + "}"
}
