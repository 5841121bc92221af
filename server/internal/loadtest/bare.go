package main

import (
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/internal/market"
)

// serveBare is the yardstick: Echo answering plain handlers with no
// middleware, cache or Redis behind them. /bare is a body like a
// baseline's; /bare/buckets/:prefix serves, as they are, the gzipped
// bucket answers the API gave for the hot buckets (files in dir, named by
// prefix), with the same headers, so the bucket-read ratio compares the
// API with Echo writing the very same bytes. The ratios compare each API
// route with it on the same machine in the same run. (This benchmark is
// the one place outside httpapi that imports Echo: the yardstick has to
// be Echo itself.)
func serveBare(addr, dir string) error {
	b := market.Baseline{Median: 39800, P25: 38900, P75: 40500, N: 57, Contributors: 31, Currency: "JPY", UpdatedAt: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	buckets := map[string][]byte{}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if buckets[filepath.Base(f)], err = os.ReadFile(f); err != nil {
			return err
		}
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/bare", func(c echo.Context) error { return c.JSON(http.StatusOK, b) })
	e.GET("/bare/buckets/:prefix", func(c echo.Context) error {
		body, ok := buckets[c.Param("prefix")]
		if !ok {
			return echo.ErrNotFound
		}
		h := c.Response().Header()
		h.Set("Cache-Control", "public, max-age=30")
		h.Set("Vary", "Accept-Encoding")
		h.Set("ETag", `"000000000000000000000000-gz"`) // as long as the API's
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	})
	// The same http.Server settings as server/main.go: each timeout is a
	// deadline set per request, and the yardstick should pay for them too.
	srv := &http.Server{
		Addr: addr, Handler: e,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10,
	}
	return srv.ListenAndServe()
}
