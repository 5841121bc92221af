package main

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/internal/market"
)

// serveBare is the yardstick: Echo answering one JSON handler with a body
// like a baseline's, with no middleware, cache or Redis behind it. The
// ratios compare each API route with it on the same machine in the same
// run. (This benchmark is the one place outside httpapi that imports Echo:
// the yardstick has to be Echo itself.)
func serveBare(addr string) error {
	b := market.Baseline{Median: 39800, P25: 38900, P75: 40500, N: 57, Contributors: 31, Currency: "JPY", UpdatedAt: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/bare", func(c echo.Context) error { return c.JSON(http.StatusOK, b) })
	// The same http.Server settings as server/main.go: each timeout is a
	// deadline set per request, and the yardstick should pay for them too.
	srv := &http.Server{
		Addr: addr, Handler: e,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10,
	}
	return srv.ListenAndServe()
}
