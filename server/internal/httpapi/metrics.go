package httpapi

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's Prometheus metrics, on a registry of their own
// so that tests can build many servers.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	cache       *prometheus.CounterVec
	redisErrors prometheus.Counter

	// Children already looked up: hashing the label values on every
	// request cost 2-3 % of the server's CPU on the hot read path.
	routes  sync.Map // routeKey → routeMetrics
	lookups sync.Map // cache name → [2]prometheus.Counter{miss, hit}
}

type routeKey struct {
	method, route string
	status        int
}

type routeMetrics struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// NewMetrics registers the metrics, with the Go runtime and process ones.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mikiwame_http_requests_total",
			Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mikiwame_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"method", "route"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mikiwame_cache_lookups_total",
			Help: "In-process cache lookups by cache and result (hit, miss).",
		}, []string{"cache", "result"}),
		redisErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mikiwame_redis_errors_total",
			Help: "Failed Redis commands and pipelines.",
		}),
	}
	m.registry.MustRegister(m.requests, m.duration, m.cache, m.redisErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// RedisError counts one failed Redis command; give it to the store.
func (m *Metrics) RedisError(error) { m.redisErrors.Inc() }

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// knownMethods are the methods that get a label of their own; a client
// can send any token as a method, and one label per token would let it
// grow the metrics without bound.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

func (m *Metrics) request(method, route string, status int, d time.Duration) {
	if !knownMethods[method] {
		method = "OTHER"
	}
	k := routeKey{method, route, status}
	v, ok := m.routes.Load(k)
	if !ok {
		v, _ = m.routes.LoadOrStore(k, routeMetrics{
			count:    m.requests.WithLabelValues(method, route, strconv.Itoa(status)),
			duration: m.duration.WithLabelValues(method, route),
		})
	}
	rm := v.(routeMetrics)
	rm.count.Inc()
	rm.duration.Observe(d.Seconds())
}

func (m *Metrics) cacheLookup(name string, hit bool) {
	v, ok := m.lookups.Load(name)
	if !ok {
		v, _ = m.lookups.LoadOrStore(name, [2]prometheus.Counter{m.cache.WithLabelValues(name, "miss"), m.cache.WithLabelValues(name, "hit")})
	}
	c := v.([2]prometheus.Counter)
	if hit {
		c[1].Inc()
		return
	}
	c[0].Inc()
}
