package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// TestCluster runs the store against a real three-node Redis Cluster and
// checks that every key of one product or seller lands in one slot on one
// node, while different products spread over the nodes.
func TestCluster(t *testing.T) {
	start := time.Now()
	cl, err := redistest.StartCluster(3)
	if err != nil {
		t.Fatalf("StartCluster(3): %v", err)
	}
	defer cl.Close()
	t.Logf("3-node cluster ready in %s", time.Since(start).Round(time.Millisecond))

	s, err := Open(Options{
		ClusterAddrs: cl.Addrs(), Timeout: time.Second,
		BaselineWindow: 90 * 24 * time.Hour, MinContributors: 5, ReportTTL: 365 * 24 * time.Hour,
		Now: newClock().Now,
	})
	if err != nil {
		t.Fatalf("Open(cluster): %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping(cluster): %v", err)
	}

	asins := []string{"B0CHX1W1XY", "B000000001", "B000000002", "B000000003", "B000000004", "B000000005"}
	for i := range 5 {
		var batch []market.Observation
		for j, a := range asins {
			batch = append(batch, obs(a, int64(1000*(j+1)+i*10)))
		}
		if _, err := s.AddObservations(ctx, who(fmt.Sprintf("client%d", i)), batch); err != nil {
			t.Fatalf("AddObservations across slots: %v", err)
		}
	}
	for j, a := range asins {
		b, err := s.Baseline(ctx, market.JP, a)
		if err != nil {
			t.Fatalf("Baseline(%s): %v", a, err)
		}
		if want := int64(1000*(j+1) + 20); b.Median != want || b.Contributors != 5 {
			t.Errorf("Baseline(%s) = median %d, %d contributors; want %d, 5", a, b.Median, b.Contributors, want)
		}
	}

	const seller = "A1THAZDOWP300U"
	for i := range 3 {
		r := market.Report{Marketplace: market.JP, SellerID: seller, Reasons: []string{"NOT_DELIVERED"}}
		if _, err := s.AddReport(ctx, who(fmt.Sprintf("client%d", i)), r); err != nil {
			t.Fatalf("AddReport: %v", err)
		}
	}
	rep, err := s.Reputation(ctx, market.JP, seller)
	if err != nil || rep.Reports != 3 || rep.Reasons["NOT_DELIVERED"] != 3 {
		t.Errorf("Reputation = %+v, %v; want 3 reports of NOT_DELIVERED", rep, err)
	}
	if recent, err := s.RecentReports(ctx, 10, ""); err != nil || len(recent.Items) != 3 {
		t.Errorf("RecentReports = %d items, %v; want 3", len(recent.Items), err)
	}
	if l, err := s.Allow(ctx, "mint", "iphash", 60); err != nil || !l.Allowed {
		t.Errorf("Allow on a cluster = %+v, %v; want allowed", l, err)
	}

	nodes := map[string]bool{}
	groups := [][]string{{reportsKey(market.JP, seller), reputationKey(market.JP, seller)}}
	for _, a := range asins {
		groups = append(groups, []string{observationsKey(market.JP, a), baselineKey(market.JP, a)})
	}
	for _, keys := range groups {
		var slot int
		var node string
		for i, k := range keys {
			ks, err := cl.KeySlot(k)
			if err != nil {
				t.Fatalf("CLUSTER KEYSLOT %s: %v", k, err)
			}
			owner := ownerOf(t, cl, k)
			if i == 0 {
				slot, node = ks, owner
				continue
			}
			if ks != slot || owner != node {
				t.Errorf("key %s is in slot %d on %s; want slot %d on %s like %s", k, ks, owner, slot, node, keys[0])
			}
		}
		nodes[node] = true
	}
	if len(nodes) < 2 {
		t.Errorf("the keys of %d products and a seller all sit on %d node; want them spread over the cluster", len(asins), len(nodes))
	}

	if n, err := s.DismissReports(ctx, market.JP, seller); err != nil || n != 3 {
		t.Errorf("DismissReports = %d, %v; want 3", n, err)
	}
	if rep, err := s.Reputation(ctx, market.JP, seller); err != nil || rep.Reports != 0 {
		t.Errorf("Reputation after dismissal = %+v, %v; want 0 reports", rep, err)
	}
}

// ownerOf returns the address of the one node that holds key; the others
// answer MOVED.
func ownerOf(t *testing.T, cl *redistest.Cluster, key string) string {
	t.Helper()
	var owners []string
	for _, n := range cl.Nodes {
		v, err := n.Do("EXISTS", key)
		switch {
		case err == nil && v == "1":
			owners = append(owners, n.Addr)
		case err == nil:
			t.Fatalf("EXISTS %s on its own node %s = %s; want 1 (the key was never written)", key, n.Addr, v)
		case !strings.HasPrefix(err.Error(), "MOVED"):
			t.Fatalf("EXISTS %s on %s: %v", key, n.Addr, err)
		}
	}
	if len(owners) != 1 {
		t.Fatalf("key %s is held by %v; want exactly one node", key, owners)
	}
	return owners[0]
}
