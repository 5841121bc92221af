package httpapi

import (
	"strings"
	"sync"
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
	// redis_rate tries EVALSHA first and falls back to EVAL on NOSCRIPT,
	// once per node: that answer is expected, any other error is not.
	var unexpected []string
	var mu sync.Mutex
	onError := func(err error) {
		opts.Metrics.RedisError(err)
		if !strings.HasPrefix(err.Error(), "NOSCRIPT") {
			mu.Lock()
			unexpected = append(unexpected, err.Error())
			mu.Unlock()
		}
	}
	st, err := store.Open(store.Options{
		ClusterAddrs: cfg.RedisClusterAddrs, Timeout: cfg.RedisTimeout,
		BaselineWindow: cfg.BaselineWindow, MinContributors: cfg.MinContributors, ReportTTL: cfg.ReportTTL,
		OnError: onError,
	})
	if err != nil {
		t.Fatalf("store.Open(cluster): %v", err)
	}
	s := New(st, opts)
	defer func() { s.Close(); st.Close() }()
	flow(t, s)
	mu.Lock()
	defer mu.Unlock()
	if len(unexpected) > 0 {
		t.Errorf("the flow on a healthy cluster met Redis errors: %q; want none", unexpected)
	}
}
