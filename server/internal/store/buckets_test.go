package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// The worked example of docs/API.md: anyone can reproduce it with
// printf 'mkw-bucket-v1|baselines|JP|B0CHX1W1XY' | sha256sum.
func TestBucketHash(t *testing.T) {
	tests := []struct {
		kind string
		m    market.Marketplace
		id   string
		want string
	}{
		{BaselineBuckets, market.JP, "B0CHX1W1XY", "a4cf7f7b784ffd398682859f120e2ea0bdc4a5559b420b7b8c912b5ad8230926"},
		{SellerBuckets, market.JP, "A1THAZDOWP300U", "e7da7731c6056738cb46a5e9ff1fadd08c05e6a49c028e28d3000e7420349ba6"},
	}
	for _, tt := range tests {
		if got := BucketHash(tt.kind, tt.m, tt.id); got != tt.want {
			t.Errorf("BucketHash(%s, %s, %s) = %s; want %s", tt.kind, tt.m, tt.id, got, tt.want)
		}
		if got, n := BucketOf(tt.kind, tt.m, tt.id), BucketPrefixLen(tt.kind); got != tt.want[:n] {
			t.Errorf("BucketOf(%s, %s, %s) = %s; want %s", tt.kind, tt.m, tt.id, got, tt.want[:n])
		}
	}
}

func TestValidBucket(t *testing.T) {
	tests := []struct {
		kind, p string
		want    bool
	}{
		{BaselineBuckets, "ab4", true}, {BaselineBuckets, "000", true}, {BaselineBuckets, "fff", true},
		{BaselineBuckets, "AB4", false}, {BaselineBuckets, "ab", false}, {BaselineBuckets, "ab4b", false},
		{BaselineBuckets, "ab/", false}, {BaselineBuckets, "g00", false}, {BaselineBuckets, "", false},
		{SellerBuckets, "e7", true}, {SellerBuckets, "e7d", false}, {SellerBuckets, "E7", false}, {SellerBuckets, "e", false},
	}
	for _, tt := range tests {
		if got := ValidBucket(tt.kind, tt.p); got != tt.want {
			t.Errorf("ValidBucket(%s, %q) = %v; want %v", tt.kind, tt.p, got, tt.want)
		}
	}
}

// sameBucket returns n ASINs of one baseline bucket (found by trying).
func sameBucket(n int) []string {
	var out []string
	var bucket string
	for i := 0; len(out) < n; i++ {
		a := fmt.Sprintf("B0BKT%05d", i)
		b := BucketOf(BaselineBuckets, market.JP, a)
		if bucket == "" {
			bucket = b
		}
		if b == bucket {
			out = append(out, a)
		}
	}
	return out
}

// contribute gives asin one observation from each of n trusted clients in
// n blocks.
func contribute(t *testing.T, s *Store, asin string, n int, price int64) {
	t.Helper()
	for i := range n {
		if _, err := s.AddObservations(context.Background(), who(fmt.Sprintf("client%d", i)), []market.Observation{obs(asin, price+int64(i))}); err != nil {
			t.Fatalf("AddObservations(%s): %v", asin, err)
		}
	}
}

func TestBaselineBucket(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := open(t, c)
	asins := sameBucket(3)
	bucket := BucketOf(BaselineBuckets, market.JP, asins[0])
	contribute(t, s, asins[0], 5, 1000) // a baseline
	contribute(t, s, asins[1], 4, 2000) // one block short
	// Five clients not trusted yet: stored, never indexed.
	s.opts.ClientMinAge = 24 * time.Hour
	for i := range 5 {
		young := Contributor{ClientID: fmt.Sprintf("young%d", i), Issued: c.Now(), Block: fmt.Sprintf("y%d", i)}
		if _, err := s.AddObservations(ctx, young, []market.Observation{obs(asins[2], 3000)}); err != nil {
			t.Fatal(err)
		}
	}

	got, err := s.BaselineBucket(ctx, bucket)
	if err != nil {
		t.Fatalf("BaselineBucket(%s): %v", bucket, err)
	}
	if len(got) != 1 || got[0].Hash != BucketHash(BaselineBuckets, market.JP, asins[0]) || got[0].Value.Median != 1002 || got[0].Value.Contributors != 5 {
		t.Fatalf("BaselineBucket(%s) = %+v; want only %s with median 1002 from 5 contributors", bucket, got, asins[0])
	}
	// The fifth block makes the second product's baseline, and it joins.
	s.opts.ClientMinAge = 0
	if _, err := s.AddObservations(ctx, who("client9"), []market.Observation{obs(asins[1], 2009)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.BaselineBucket(ctx, bucket); err != nil || len(got) != 2 {
		t.Fatalf("BaselineBucket after a fifth block = %d entries, %v; want 2", len(got), err)
	}
	if n, err := redisServer.Do("ZCARD", bucketKey(BaselineBuckets, bucket)); err != nil || n != "2" {
		t.Errorf("ZCARD of the index = %s, %v; want 2 (the young clients' product is not in it)", n, err)
	}
	// Past the window and the keys' day of grace, the bucket is empty and
	// its index is pruned.
	c.Add(92 * 24 * time.Hour)
	if got, err := s.BaselineBucket(ctx, bucket); err != nil || len(got) != 0 {
		t.Errorf("BaselineBucket 92 days on = %+v, %v; want none", got, err)
	}
	if n, err := redisServer.Do("ZCARD", bucketKey(BaselineBuckets, bucket)); err != nil || n != "0" {
		t.Errorf("ZCARD of the index 92 days on = %s, %v; want 0", n, err)
	}
	// Another bucket is empty, not an error.
	other := "000"
	if other == bucket {
		other = "001"
	}
	if got, err := s.BaselineBucket(ctx, other); err != nil || len(got) != 0 {
		t.Errorf("BaselineBucket(%s) = %+v, %v; want empty", other, got, err)
	}
}

func TestSellerBucket(t *testing.T) {
	ctx := context.Background()
	s := open(t, newClock())
	const seller, revoked = "A1THAZDOWP300U", "A2REVOKED00001"
	r := market.Report{Marketplace: market.JP, SellerID: seller, Reasons: []string{"NOT_DELIVERED"}}
	for i := range 3 {
		if _, err := s.AddReport(ctx, who(fmt.Sprintf("client%d", i)), r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddReport(ctx, who("spammer"), market.Report{Marketplace: market.JP, SellerID: revoked, Reasons: []string{"OTHER"}}); err != nil {
		t.Fatal(err)
	}
	bucket := BucketOf(SellerBuckets, market.JP, seller)
	find := func(b, id string) (market.SellerReputation, bool) {
		t.Helper()
		got, err := s.SellerBucket(ctx, b)
		if err != nil {
			t.Fatalf("SellerBucket(%s): %v", b, err)
		}
		for _, e := range got {
			if e.Hash == BucketHash(SellerBuckets, market.JP, id) {
				return e.Value, true
			}
		}
		return market.SellerReputation{}, false
	}
	if rep, ok := find(bucket, seller); !ok || rep.Reporters != 3 || rep.Reasons["NOT_DELIVERED"] != 3 {
		t.Errorf("seller in its bucket = %+v, %v; want 3 reporters of NOT_DELIVERED", rep, ok)
	}
	rb := BucketOf(SellerBuckets, market.JP, revoked)
	if _, ok := find(rb, revoked); !ok {
		t.Fatalf("the spammer's seller is not in its bucket before the revocation")
	}
	if err := s.RevokeClient(ctx, "spammer"); err != nil {
		t.Fatal(err)
	}
	if rep, ok := find(rb, revoked); ok {
		t.Errorf("a seller whose only reporter was revoked is listed: %+v", rep)
	}
	if _, err := s.DismissReports(ctx, market.JP, seller); err != nil {
		t.Fatal(err)
	}
	if rep, ok := find(bucket, seller); ok {
		t.Errorf("a seller whose reports were dismissed is listed: %+v", rep)
	}
}

// TestBucketsCluster: a bucket's index is one slot, and its entries,
// spread over the cluster's nodes, are assembled in one answer.
func TestBucketsCluster(t *testing.T) {
	cl, err := redistest.StartCluster(3)
	if err != nil {
		t.Fatalf("StartCluster(3): %v", err)
	}
	defer cl.Close()
	s, err := Open(Options{ClusterAddrs: cl.Addrs(), Timeout: time.Second, BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	asins := sameBucket(8)
	for j, a := range asins {
		contribute(t, s, a, 5, int64(1000*(j+1)))
	}
	nodes := map[string]bool{}
	for _, a := range asins {
		nodes[ownerOf(t, cl, observationsKey(market.JP, a))] = true
	}
	if len(nodes) < 2 {
		t.Fatalf("%d products of one bucket sit on %d node; want them spread, so the answer is assembled across nodes", len(asins), len(nodes))
	}
	got, err := s.BaselineBucket(context.Background(), BucketOf(BaselineBuckets, market.JP, asins[0]))
	if err != nil {
		t.Fatalf("BaselineBucket on a cluster: %v", err)
	}
	byHash := map[string]int64{}
	for _, e := range got {
		byHash[e.Hash] = e.Value.Median
	}
	for j, a := range asins {
		if m := byHash[BucketHash(BaselineBuckets, market.JP, a)]; m != int64(1000*(j+1)+2) {
			t.Errorf("%s in its bucket on a cluster: median %d; want %d", a, m, 1000*(j+1)+2)
		}
	}
}
