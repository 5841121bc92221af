package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/server/internal/store"
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

// A client that hangs up is no server failure: no 500, no error or
// outage in the log, whichever layer noticed.
func TestClientGoneIsNoFailure(t *testing.T) {
	var logs bytes.Buffer
	opts := testOptions()
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s := newAPI(t, opts)
	s.echo.GET("/gone/cache", func(echo.Context) error { return context.Canceled })
	s.echo.GET("/gone/store", func(echo.Context) error {
		return fmt.Errorf("add report: %w: %w", store.ErrUnavailable, context.Canceled)
	})
	for _, path := range []string{"/gone/cache", "/gone/store"} {
		res := do(t, s, req{method: "GET", path: path})
		if res.Status != statusClientClosed {
			t.Errorf("GET %s = %d %s; want %d", path, res.Status, res.Body, statusClientClosed)
		}
	}
	if logs.Len() > 0 {
		t.Errorf("log after clients hung up = %q; want nothing at info level", logs.String())
	}
}
