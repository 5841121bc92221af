package httpapi

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

// errorBody is every error response: what is wrong and, for bad input,
// which field.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// InputError is a request the client must fix. Status is 400 unless set
// (413 too large, 415 wrong content type).
type InputError struct {
	Status  int
	Field   string
	Message string
}

func (e *InputError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func invalid(field, format string, args ...any) *InputError {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Errors the handlers return; handleError maps them to statuses.
var (
	errUnauthorized  = errors.New("missing or malformed bearer token: mint one with POST /v1/clients")
	errAdminDisabled = errors.New("admin routes are disabled: set MIKIWAME_ADMIN_TOKEN")
	errNotAdmin      = errors.New("wrong or missing admin token")
)

// statusClientClosed is nginx's status for a request whose client hung
// up; it only reaches the metrics and the debug log.
const statusClientClosed = 499

// rateLimited says a limit was reached and when to retry.
type rateLimited struct{ retryAfter time.Duration }

func (e *rateLimited) Error() string { return "too many requests: retry later" }

// handleError is Echo's central error handler: every error a handler or
// middleware returns becomes a JSON response here, and only here.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := s.classify(err, c)
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.log.Debug("Could not send an error response", "error", err)
	}
}

func (s *Server) classify(err error, c echo.Context) (int, errorBody) {
	var (
		in    *InputError
		rl    *rateLimited
		quota *store.QuotaError
		he    *echo.HTTPError
		body  = errorBody{Error: err.Error()}
	)
	switch {
	case errors.As(err, &in):
		status := in.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		return status, errorBody{Error: in.Message, Field: in.Field}
	case errors.As(err, &rl):
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Max(1, math.Ceil(rl.retryAfter.Seconds())))))
		return http.StatusTooManyRequests, body
	case errors.Is(err, token.ErrInvalid), errors.Is(err, errUnauthorized):
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="mikiwame"`)
		return http.StatusUnauthorized, body
	case errors.Is(err, errNotAdmin), errors.Is(err, errAdminDisabled):
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="mikiwame-admin"`)
		return http.StatusUnauthorized, body
	case errors.As(err, &quota):
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Max(1, math.Ceil(quota.RetryAfter.Seconds())))))
		return http.StatusTooManyRequests, body
	case errors.Is(err, token.ErrWork):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Field: "nonce"}
	case errors.Is(err, store.ErrUsed):
		return http.StatusConflict, body
	case errors.Is(err, store.ErrRevoked):
		return http.StatusForbidden, body
	case errors.Is(err, store.ErrBadCursor):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Field: "cursor"}
	case errors.Is(err, store.ErrFull):
		s.log.Warn("Redis is full (maxmemory): writes are refused", "route", c.Path())
		c.Response().Header().Set("Retry-After", "60")
		return http.StatusServiceUnavailable, errorBody{Error: "storage is full: writes are refused for now, reads go on"}
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, body
	case errors.Is(err, context.Canceled):
		// The client hung up (or the server is shutting down): nobody
		// reads this answer, and it is no failure of ours or of Redis.
		s.log.Debug("Client went away", "route", c.Path())
		return statusClientClosed, errorBody{Error: "request cancelled"}
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("Storage is unavailable", "route", c.Path(), "error", err)
		c.Response().Header().Set("Retry-After", "1")
		return http.StatusServiceUnavailable, errorBody{Error: "storage is unavailable: try again shortly"}
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && he.Code != http.StatusInternalServerError {
			msg = m
		}
		return he.Code, errorBody{Error: lower(msg)}
	}
	s.log.Error("Request failed", "route", c.Path(), "error", err)
	return http.StatusInternalServerError, errorBody{Error: "internal error"}
}

// lower makes Echo's "Not Found" read like our other messages.
func lower(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}
