package httpapi

import (
	"strings"
	"testing"

	"github.com/mikiwame/mikiwame/server/internal/config"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// TestClusterFlow walks the whole API on a real three-node Redis Cluster,
// configured the way an operator would: REDIS_CLUSTER_ADDRS.
func TestClusterFlow(t *testing.T) {
	cl, err := redistest.StartCluster(3)
	if err != nil {
		t.Fatalf("StartCluster(3): %v", err)
	}
	defer cl.Close()
	cfg, err := config.Load([]string{"REDIS_CLUSTER_ADDRS=" + strings.Join(cl.Addrs(), ","), "MIKIWAME_HMAC_SECRET=" + string(testSecret)})
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	if cfg.Embedded() || len(cfg.RedisClusterAddrs) != 3 {
		t.Fatalf("config.Load(REDIS_CLUSTER_ADDRS with 3 nodes) = %v cluster addresses, embedded %v; want 3, false", cfg.RedisClusterAddrs, cfg.Embedded())
	}
	opts := testOptions()
	opts.Metrics = NewMetrics()
	st, err := store.Open(store.Options{
		ClusterAddrs: cfg.RedisClusterAddrs, Timeout: cfg.RedisTimeout,
		BaselineWindow: cfg.BaselineWindow, MinContributors: cfg.MinContributors, ReportTTL: cfg.ReportTTL,
		OnError: opts.Metrics.RedisError,
	})
	if err != nil {
		t.Fatalf("store.Open(cluster): %v", err)
	}
	s := New(st, opts)
	defer func() { s.Close(); st.Close() }()
	flow(t, s)
	metrics := metricsText(t, s)
	if !strings.Contains(metrics, "mikiwame_redis_errors_total 0\n") {
		t.Errorf("the flow on a healthy cluster counted Redis errors:\n%s", grep(metrics, "redis"))
	}
}
