package httpapi

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestPanicBecomes500(t *testing.T) {
	var logs bytes.Buffer
	opts := testOptions()
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s := newAPI(t, opts)
	s.echo.GET("/boom", func(echo.Context) error { panic("boom") })
	res := do(t, s, req{method: "GET", path: "/boom"})
	if res.Status != http.StatusInternalServerError || res.JSON(t)["error"] != "internal error" {
		t.Errorf("GET /boom = %d %s; want 500 internal error", res.Status, res.Body)
	}
	if !strings.Contains(logs.String(), "Handler panicked") || !strings.Contains(logs.String(), "boom") {
		t.Errorf("log after a panic = %q; want the panic logged", logs.String())
	}
	// The server keeps serving.
	if res := do(t, s, req{method: "GET", path: "/healthz"}); res.Status != http.StatusOK {
		t.Errorf("GET /healthz after a panic = %d; want 200", res.Status)
	}
}
