package httpapi

import (
	"strings"
	"testing"
)

// TestMetricsMethodLabel: the method label comes from the client, so
// made-up methods share one label instead of adding a series each.
func TestMetricsMethodLabel(t *testing.T) {
	s := newAPI(t, testOptions())
	for _, m := range []string{"FOO", "BAR", "GET"} {
		do(t, s, req{method: m, path: "/healthz"})
	}
	metrics := metricsText(t, s)
	for _, tt := range []struct {
		series string
		want   bool
	}{
		{`mikiwame_http_requests_total{method="OTHER",route="/healthz",status="405"} 2`, true},
		{`mikiwame_http_requests_total{method="GET",route="/healthz",status="200"} 1`, true},
		{`method="FOO"`, false},
		{`method="BAR"`, false},
	} {
		if got := strings.Contains(metrics, tt.series); got != tt.want {
			t.Errorf("/metrics has %s = %v; want %v. Got:\n%s", tt.series, got, tt.want, grep(metrics, "requests_total"))
		}
	}
}
