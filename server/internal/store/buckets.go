package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// Reads go by bucket (docs/API.md, "Buckets"): a client hashes what it
// looks up and asks for every entry whose hash starts with the same few
// hex digits (BucketPrefixLen), so the server learns a bucket, never the
// product or seller.
//
// BucketScheme names the hash input and the prefix lengths. A change of
// either is a new scheme (v2), served next to this one.
const BucketScheme = "v1"

// BucketPrefixLen is the prefix of a kind's buckets in hex digits: 3 for
// products (4,096 buckets), 2 for sellers (256). Sellers get fewer,
// fuller buckets because a product page asks for both, and the pair of
// buckets narrows the product down by the product of their counts
// (docs/API.md has the figures).
func BucketPrefixLen(kind string) int {
	if kind == SellerBuckets {
		return 2
	}
	return 3
}

// Bucket kinds, as they appear in the hash input and the route.
const (
	BaselineBuckets = "baselines"
	SellerBuckets   = "sellers"
)

// BucketHash is the scheme's hash of a product (kind BaselineBuckets, id
// an ASIN) or a seller (SellerBuckets, a seller ID): lower-case hex of
// SHA-256 over "mkw-bucket-v1|<kind>|<marketplace>|<id>".
func BucketHash(kind string, m market.Marketplace, id string) string {
	h := sha256.Sum256([]byte("mkw-bucket-" + BucketScheme + "|" + kind + "|" + string(m) + "|" + id))
	return hex.EncodeToString(h[:])
}

// BucketOf is the bucket (the hash prefix) a product or seller is in.
func BucketOf(kind string, m market.Marketplace, id string) string {
	return BucketHash(kind, m, id)[:BucketPrefixLen(kind)]
}

// ValidBucket reports whether p is a bucket of kind in this scheme:
// exactly BucketPrefixLen(kind) lower-case hex digits.
func ValidBucket(kind, p string) bool {
	if len(p) != BucketPrefixLen(kind) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// BucketEntry is one product's baseline or one seller's reputation in a
// bucket, under its full BucketHash.
type BucketEntry[T any] struct {
	Hash  string
	Value T
}

// indexMember names a product or seller in a bucket index.
func indexMember(m market.Marketplace, id string) string { return string(m) + "|" + id }

// indexWrites queues, on p, the write-side upkeep of the bucket index: id
// is (again) in its bucket, scored with the time of the write, and the
// index lives as long as the data it points to.
func indexWrites(ctx context.Context, p redis.Pipeliner, kind string, m market.Marketplace, id string, now time.Time, ttl time.Duration) {
	k := bucketKey(kind, BucketOf(kind, m, id))
	p.ZAdd(ctx, k, redis.Z{Score: float64(now.Unix()), Member: indexMember(m, id)})
	p.PExpire(ctx, k, ttl)
}

// bucketMembers reads a bucket index, first dropping the members whose
// last write is older than ttl: their data has expired with it.
func (s *Store) bucketMembers(ctx context.Context, kind, bucket string, ttl time.Duration) ([]string, error) {
	k := bucketKey(kind, bucket)
	var members *redis.StringSliceCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRemRangeByScore(ctx, k, "-inf", "("+strconv.FormatInt(s.opts.Now().Add(-ttl).Unix(), 10))
		members = p.ZRange(ctx, k, 0, -1)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	return members.Val(), nil
}

// BaselineBucket returns every product of a bucket that has a baseline,
// under its hash. A bucket with none is empty, not an error.
func (s *Store) BaselineBucket(ctx context.Context, bucket string) ([]BucketEntry[market.Baseline], error) {
	return readBucket(ctx, s, BaselineBuckets, bucket, s.opts.BaselineWindow+24*time.Hour, baselineKey,
		func(ctx context.Context, m market.Marketplace, asin string) (market.Baseline, bool, error) {
			b, err := s.computeBaseline(ctx, m, asin)
			if errors.Is(err, ErrNotFound) {
				return b, false, nil
			}
			return b, err == nil, err
		})
}

// SellerBucket returns every seller of a bucket with counted live reports,
// under its hash. A seller not in it has none.
func (s *Store) SellerBucket(ctx context.Context, bucket string) ([]BucketEntry[market.SellerReputation], error) {
	entries, err := readBucket(ctx, s, SellerBuckets, bucket, s.opts.ReportTTL, reputationKey,
		func(ctx context.Context, m market.Marketplace, id string) (market.SellerReputation, bool, error) {
			rep, err := s.computeReputation(ctx, m, id)
			return rep, err == nil, err
		})
	// Every report revoked, expired or dismissed: as good as never reported.
	return slices.DeleteFunc(entries, func(e BucketEntry[market.SellerReputation]) bool { return e.Value.Reports == 0 }), err
}

// readBucket assembles a bucket: its index (one slot), then the cached
// value of every member (cachedKey) in one pipeline across their slots,
// computing those past their time. A member whose value is not found
// (compute says so) is left out.
func readBucket[T any](ctx context.Context, s *Store, kind, bucket string, ttl time.Duration,
	cachedKey func(market.Marketplace, string) string,
	compute func(context.Context, market.Marketplace, string) (T, bool, error),
) (_ []BucketEntry[T], err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return nil, err
	}
	defer func() { s.brk.leaveKey(probe, bucketKey(kind, bucket), err) }()

	members, err := s.bucketMembers(ctx, kind, bucket, ttl)
	if err != nil {
		return nil, unavailable("read bucket", err)
	}
	type id struct {
		m  market.Marketplace
		id string
	}
	ids := make([]id, len(members))
	keys := make([]string, len(members))
	for i, mem := range members {
		m, v, _ := strings.Cut(mem, "|")
		ids[i] = id{market.Marketplace(m), v}
		keys[i] = cachedKey(ids[i].m, v)
	}
	got, err := loadComputedMany[T](ctx, s, keys)
	if err != nil {
		return nil, unavailable("read "+kind, err)
	}
	out := make([]BucketEntry[T], 0, len(members))
	for i, c := range got {
		v, found := c.Value, c.Found
		if !c.ok {
			if v, found, err = compute(ctx, ids[i].m, ids[i].id); err != nil {
				return nil, err
			}
		}
		if found {
			out = append(out, BucketEntry[T]{Hash: BucketHash(kind, ids[i].m, ids[i].id), Value: v})
		}
	}
	return out, nil
}

// indexProducts puts in their buckets the products of a counted write
// that now hold entries from MinContributors network blocks or more: the
// ones that may have a baseline. A product below that, or whose price was
// dropped as an outlier, is left out, so junk products cannot grow the
// buckets without as many blocks as a baseline needs.
func (s *Store) indexProducts(ctx context.Context, obs []market.Observation, stored []*redis.Cmd, blocks []*redis.IntCmd, now time.Time, ttl time.Duration) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, o := range obs {
			if n, _ := stored[i].Int(); n == 1 && blocks[i].Val() >= int64(s.opts.MinContributors) {
				indexWrites(ctx, p, BaselineBuckets, o.Marketplace, o.ASIN, now, ttl)
			}
		}
		return nil
	})
	return err
}
