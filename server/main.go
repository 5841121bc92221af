// Command server runs the Mikiwame API. Configuration comes from
// environment variables (see docs/API.md); with no Redis configured it runs
// on an in-memory store that forgets everything when it stops.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/config"
	"github.com/mikiwame/mikiwame/server/internal/httpapi"
	"github.com/mikiwame/mikiwame/server/internal/memredis"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Environ(), os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mikiwame server:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, environ []string, logTo io.Writer) error {
	cfg, err := config.Load(environ)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := newLogger(cfg, logTo)

	if cfg.HMACSecretGenerated {
		log.Warn("MIKIWAME_HMAC_SECRET is not set, so a random one was made for this run: client tokens will stop working when the server restarts. Set it to a long random string to keep them.")
	}
	redisURL := cfg.RedisURL
	if cfg.Embedded() {
		mem, err := memredis.Start("127.0.0.1:0")
		if err != nil {
			return err
		}
		defer mem.Close()
		redisURL = mem.URL()
		log.Warn("No REDIS_URL or REDIS_CLUSTER_ADDRS is set, so the server keeps everything in memory: observations, reports and rate limits are lost when it stops. For real use start Redis and set REDIS_URL=redis://127.0.0.1:6379/0 (or REDIS_CLUSTER_ADDRS for a cluster).")
	}

	metrics := httpapi.NewMetrics()
	st, err := store.Open(store.Options{
		URL:             redisURL,
		ClusterAddrs:    cfg.RedisClusterAddrs,
		Timeout:         cfg.RedisTimeout,
		BaselineWindow:  cfg.BaselineWindow,
		MinContributors: cfg.MinContributors,
		ReportTTL:       cfg.ReportTTL,
		OnError:         metrics.RedisError,

		ClientMinAge:      cfg.Trust.ClientMinAge,
		ClientMinDaysSeen: cfg.Trust.ClientMinDaysSeen,
		ClientTTL:         cfg.TokenTTL,
		DailyObservations: cfg.Trust.DailyObservations,
		DailyReports:      cfg.Trust.DailyReports,
		DailyBlockWrites:  cfg.Trust.DailyBlockWrites,
		MaxEntriesPerKey:  cfg.Trust.MaxEntriesPerKey,
		OutlierFactor:     cfg.Trust.OutlierFactor,
	})
	if err != nil {
		return err
	}
	defer st.Close()

	if err := st.Ping(ctx); err != nil {
		log.Warn("Redis does not answer yet; the server starts anyway and /readyz says when it does", "error", err)
	}

	api := httpapi.New(st, httpapi.Options{
		Secret:          cfg.HMACSecret,
		TokenTTL:        cfg.TokenTTL,
		AdminToken:      cfg.AdminToken,
		MintPerMinute:   cfg.MintPerMinute,
		WritesPerMinute: cfg.WritesPerMinute,
		ReadsPerMinute:  cfg.ReadsPerMinute,
		BodyLimit:       cfg.BodyLimit,
		CacheFresh:      cfg.CacheFresh,
		TrustedProxies:  cfg.TrustedProxies,
		Logger:          log,
		Metrics:         metrics,

		MintDifficulty:         cfg.Trust.MintDifficulty,
		MintPerBlockPerMinute:  cfg.Trust.MintPerBlockPerMinute,
		AdminFailuresPerMinute: cfg.Trust.AdminFailuresPerMinute,
	})
	defer api.Close()
	if cfg.AdminToken == "" {
		log.Info("MIKIWAME_ADMIN_TOKEN is not set, so the admin routes answer 401.")
	}

	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           api,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	// Metrics on a listener of their own, loopback by default: request
	// counts by route are no business of the public.
	msrv := &http.Server{
		Addr:              cfg.MetricsAddr,
		Handler:           api.MetricsHandler(),
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      10 * time.Second,
		ErrorLog:          srv.ErrorLog,
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.ListenAndServe() }()
	go func() { errc <- fmt.Errorf("metrics listener: %w", msrv.ListenAndServe()) }()
	defer msrv.Close()
	log.Info("Mikiwame API is listening", "addr", cfg.Addr, "metrics_addr", cfg.MetricsAddr, "version", version, "embedded_store", cfg.Embedded(), "cluster", len(cfg.RedisClusterAddrs) > 0,
		"mint_difficulty", cfg.Trust.MintDifficulty, "client_min_age_days", int(cfg.Trust.ClientMinAge/(24*time.Hour)), "client_min_days_seen", cfg.Trust.ClientMinDaysSeen)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("Shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
