package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/score"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil)
	if err != nil {
		t.Fatalf("Load(nil) error = %v; want nil", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Addr", c.Addr, "127.0.0.1:8080"},
		{"Embedded", c.Embedded(), true},
		{"RedisTimeout", c.RedisTimeout, 100 * time.Millisecond},
		{"AdminToken", c.AdminToken, ""},
		{"HMACSecretGenerated", c.HMACSecretGenerated, true},
		{"len(HMACSecret)", len(c.HMACSecret), 32},
		{"MintPerMinute", c.MintPerMinute, 60},
		{"WritesPerMinute", c.WritesPerMinute, 60},
		{"BodyLimit", c.BodyLimit, int64(64 << 10)},
		{"BaselineWindow", c.BaselineWindow, 90 * day},
		{"MinContributors", c.MinContributors, 5},
		{"ReportTTL", c.ReportTTL, 365 * day},
		{"LogFormat", c.LogFormat, "text"},
		{"LogLevel", c.LogLevel.String(), "INFO"},
		{"MetricsAddr", c.MetricsAddr, "127.0.0.1:9090"},
		{"len(TrustedProxies)", len(c.TrustedProxies), 0},
		{"MintDifficulty", c.Trust.MintDifficulty, DefaultMintDifficulty},
		{"MintPerBlockPerMinute", c.Trust.MintPerBlockPerMinute, 120},
		{"ClientMinAge", c.Trust.ClientMinAge, 3 * day},
		{"ClientMinDaysSeen", c.Trust.ClientMinDaysSeen, 3},
		{"DailyObservations", c.Trust.DailyObservations, 500},
		{"DailyReports", c.Trust.DailyReports, 20},
		{"DailyBlockWrites", c.Trust.DailyBlockWrites, 2000},
		{"MaxEntriesPerKey", c.Trust.MaxEntriesPerKey, 500},
		{"OutlierFactor", c.Trust.OutlierFactor, 3},
		{"AdminFailuresPerMinute", c.Trust.AdminFailuresPerMinute, 10},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("Load(nil).%s = %v; want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load([]string{
		"MIKIWAME_ADDR=0.0.0.0:9000",
		"REDIS_CLUSTER_ADDRS= 127.0.0.1:7000, 127.0.0.1:7001 ,",
		"MIKIWAME_ADMIN_TOKEN=0123456789abcdef0123",
		"MIKIWAME_HMAC_SECRET=a-long-enough-secret",
		"MIKIWAME_MIN_CONTRIBUTORS=7",
		"MIKIWAME_REPORT_TTL_DAYS=30",
		"MIKIWAME_REDIS_TIMEOUT=250ms",
		"MIKIWAME_LOG_LEVEL=debug",
		"MIKIWAME_LOG_FORMAT=json",
		"PATH=/usr/bin",
		"NOEQUALSSIGN",
	})
	if err != nil {
		t.Fatalf("Load error = %v; want nil", err)
	}
	if got := strings.Join(c.RedisClusterAddrs, "|"); got != "127.0.0.1:7000|127.0.0.1:7001" {
		t.Errorf("RedisClusterAddrs = %q; want two trimmed addresses", got)
	}
	if c.Embedded() || c.HMACSecretGenerated || string(c.HMACSecret) != "a-long-enough-secret" {
		t.Errorf("Embedded = %v, HMACSecretGenerated = %v; want false, false", c.Embedded(), c.HMACSecretGenerated)
	}
	if c.MinContributors != 7 || c.ReportTTL != 30*day || c.RedisTimeout != 250*time.Millisecond {
		t.Errorf("MinContributors, ReportTTL, RedisTimeout = %d, %s, %s; want 7, 720h, 250ms", c.MinContributors, c.ReportTTL, c.RedisTimeout)
	}
	if c.LogFormat != "json" || c.LogLevel.String() != "DEBUG" {
		t.Errorf("LogFormat, LogLevel = %s, %s; want json, DEBUG", c.LogFormat, c.LogLevel)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"MIKIWAME_ADDR=8080", "MIKIWAME_ADDR"},
		{"REDIS_URL=localhost:6379", "REDIS_URL"},
		{"REDIS_CLUSTER_ADDRS=a,b", "REDIS_CLUSTER_ADDRS"},
		{"MIKIWAME_REDIS_TIMEOUT=fast", "MIKIWAME_REDIS_TIMEOUT"},
		{"MIKIWAME_REDIS_TIMEOUT=1m", "MIKIWAME_REDIS_TIMEOUT"},
		{"MIKIWAME_HMAC_SECRET=short", "MIKIWAME_HMAC_SECRET"},
		{"MIKIWAME_ADMIN_TOKEN=short", "MIKIWAME_ADMIN_TOKEN"},
		{"MIKIWAME_MINT_PER_MINUTE=0", "MIKIWAME_MINT_PER_MINUTE"},
		{"MIKIWAME_WRITES_PER_MINUTE=lots", "MIKIWAME_WRITES_PER_MINUTE"},
		{"MIKIWAME_BODY_LIMIT=10", "MIKIWAME_BODY_LIMIT"},
		{"MIKIWAME_BASELINE_WINDOW_DAYS=0", "MIKIWAME_BASELINE_WINDOW_DAYS"},
		{"MIKIWAME_MIN_CONTRIBUTORS=-1", "MIKIWAME_MIN_CONTRIBUTORS"},
		{"MIKIWAME_MIN_CONTRIBUTORS=4", "MIKIWAME_MIN_CONTRIBUTORS"},
		{"MIKIWAME_REPORT_TTL_DAYS=99999999", "MIKIWAME_REPORT_TTL_DAYS"},
		// 365-2^48 days, in nanoseconds, wraps around to exactly 365 days.
		{"MIKIWAME_TOKEN_TTL_DAYS=-281474976710291", "MIKIWAME_TOKEN_TTL_DAYS"},
		{"MIKIWAME_TRUST_PROXY=true", "MIKIWAME_TRUSTED_PROXIES"},
		{"MIKIWAME_TRUSTED_PROXIES=10.0.0.0/8,proxy.local", "MIKIWAME_TRUSTED_PROXIES"},
		{"MIKIWAME_METRICS_ADDR=9090", "MIKIWAME_METRICS_ADDR"},
		{"MIKIWAME_METRICS_ADDR=127.0.0.1:8080", "MIKIWAME_METRICS_ADDR"},
		{"MIKIWAME_MINT_DIFFICULTY=33", "MIKIWAME_MINT_DIFFICULTY"},
		{"MIKIWAME_MINT_PER_BLOCK_PER_MINUTE=0", "MIKIWAME_MINT_PER_BLOCK_PER_MINUTE"},
		{"MIKIWAME_CLIENT_MIN_AGE_DAYS=-1", "MIKIWAME_CLIENT_MIN_AGE_DAYS"},
		{"MIKIWAME_CLIENT_MIN_AGE_DAYS=99999999999", "MIKIWAME_CLIENT_MIN_AGE_DAYS"},
		{"MIKIWAME_CLIENT_MIN_DAYS_SEEN=0", "MIKIWAME_CLIENT_MIN_DAYS_SEEN"},
		{"MIKIWAME_CLIENT_DAILY_OBSERVATIONS=0", "MIKIWAME_CLIENT_DAILY_OBSERVATIONS"},
		{"MIKIWAME_CLIENT_DAILY_REPORTS=0", "MIKIWAME_CLIENT_DAILY_REPORTS"},
		{"MIKIWAME_BLOCK_DAILY_WRITES=0", "MIKIWAME_BLOCK_DAILY_WRITES"},
		{"MIKIWAME_MAX_ENTRIES_PER_KEY=5", "MIKIWAME_MAX_ENTRIES_PER_KEY"},
		{"MIKIWAME_OUTLIER_FACTOR=1", "MIKIWAME_OUTLIER_FACTOR"},
		{"MIKIWAME_ADMIN_FAILURES_PER_MINUTE=0", "MIKIWAME_ADMIN_FAILURES_PER_MINUTE"},
		{"MIKIWAME_LOG_LEVEL=loud", "MIKIWAME_LOG_LEVEL"},
		{"MIKIWAME_LOG_FORMAT=xml", "MIKIWAME_LOG_FORMAT"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			_, err := Load([]string{tt.env})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load(%q) error = %v; want one naming %s", tt.env, err, tt.want)
			}
		})
	}
}

func TestLoadTrustedProxies(t *testing.T) {
	c, err := Load([]string{"MIKIWAME_TRUSTED_PROXIES=10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,172.16.5.9/12"})
	if err != nil {
		t.Fatalf("Load error = %v; want nil", err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 2001:db8::/32 172.16.0.0/12"; strings.Join(got, " ") != want {
		t.Errorf("TrustedProxies = %v; want %s", got, want)
	}
}

func TestLoadBothRedisSettings(t *testing.T) {
	_, err := Load([]string{"REDIS_URL=redis://127.0.0.1:6379/0", "REDIS_CLUSTER_ADDRS=127.0.0.1:7000"})
	if err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("Load(both) error = %v; want one saying not both", err)
	}
}

// TestMinContributorsIsTheScorersGate: the server and the scorer share one
// minimum. The smallest baseline the server may publish is one the scorer
// uses, and the server refuses a setting whose baselines it would ignore.
func TestMinContributorsIsTheScorersGate(t *testing.T) {
	floor := score.Default.CrowdMinContributors
	c, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.MinContributors != floor {
		t.Errorf("Load(nil).MinContributors = %d; want score.Default.CrowdMinContributors = %d", c.MinContributors, floor)
	}
	if _, err := Load([]string{fmt.Sprintf("MIKIWAME_MIN_CONTRIBUTORS=%d", floor-1)}); err == nil {
		t.Errorf("Load(MIKIWAME_MIN_CONTRIBUTORS=%d) error = nil; want one: the scorer ignores such baselines", floor-1)
	}

	l := market.Listing{Marketplace: market.JP, Offer: &market.Offer{SellerID: "A1B2C3D4E5", SellerName: "Tokyo Shop",
		Fulfillment: market.FulfilledByAmazon, Price: &market.Money{Amount: 4000, Currency: "JPY"}}}
	used := func(contributors int) bool {
		v := score.Score(l, market.Context{Baseline: &market.Baseline{Median: 10000, Contributors: contributors, Currency: "JPY"}})
		return v.BaselineSource == market.BaselineCrowd
	}
	if !used(c.MinContributors) {
		t.Errorf("score.Score(baseline from %d contributors, the server's minimum) did not use it; want used", c.MinContributors)
	}
	if used(c.MinContributors - 1) {
		t.Errorf("score.Score(baseline from %d contributors, below the server's minimum) used it; want ignored", c.MinContributors-1)
	}
}
