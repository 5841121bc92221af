package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// errFastFail is what a call gets while the breaker is open.
var errFastFail = errors.New("redis did not answer recently; failing fast until a probe gets through")

// breaker fails calls at once while Redis is known to be unreachable,
// instead of letting each one wait out its timeout and retry: with a hung
// Redis that is the difference between 503s in microseconds and 503s in
// 200 ms that hold a goroutine and a connection each. After a failure one
// call at a time goes through as a probe; the first that succeeds closes
// the breaker. Probes start one cooldown apart and back off to
// maxBackoff cooldowns: a long outage then costs about three dials a
// second, which also keeps go-redis's pool from deciding after PoolSize
// failed dials to redial only once a second, and recovery is noticed
// within a third of a second at the default timeout (five cooldowns let
// it take 0.53 s under the fault test's load).
//
// It wraps each Store method rather than hooking into go-redis, whose
// connection set-up runs through the same hooks and would be refused by
// an open breaker. In a cluster it covers all nodes together; a cluster
// missing a node refuses most commands anyway.
type breaker struct {
	cooldown time.Duration
	now      func() time.Time

	mu        sync.Mutex
	open      bool
	wait      time.Duration // between probes, now
	nextProbe time.Time
	probing   bool
}

// maxBackoff bounds the time between probes, in cooldowns.
const maxBackoff = 3

func newBreaker(cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{cooldown: cooldown, now: now}
}

// enter says whether a call may go to Redis: an error when the breaker is
// open; probe is true for the one call that tests whether it may close.
func (b *breaker) enter() (probe bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return false, nil
	}
	if b.probing || b.now().Before(b.nextProbe) {
		return false, fmt.Errorf("%w: %w", ErrUnavailable, errFastFail)
	}
	b.probing = true
	return true, nil
}

// leave records how a call that went through ended.
func (b *breaker) leave(probe bool, err error) {
	down := unreachable(err)
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch {
	case errors.Is(err, context.Canceled):
		// The caller hung up, maybe before Redis was even asked: that
		// says nothing about Redis either way.
	case down && !b.open:
		b.open, b.wait = true, b.cooldown
		b.nextProbe = b.now().Add(b.wait)
	case down && probe:
		b.wait = min(2*b.wait, maxBackoff*b.cooldown)
		b.nextProbe = b.now().Add(b.wait)
	case !down:
		// Any answer from Redis, errors included, means it is reachable.
		b.open = false
	}
	// A call that started before the breaker opened and failed after
	// changes nothing.
}

// unreachable tells "Redis did not answer" (network errors, timeouts, a
// closed or exhausted pool) from answers, errors included.
func unreachable(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, redis.ErrPoolTimeout) ||
		errors.Is(err, net.ErrClosed)
}
