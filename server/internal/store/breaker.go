package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
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
// A timeout alone is no proof that Redis is sick: one command on one big
// key can be slow while the rest answers. So connection failures open the
// breaker at once, timeouts only once they come from two distinct keys
// (or calls that touch several) within a second.
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
	slow      map[string]time.Time // key → its last timeout, within slowWindow
	calls     uint64               // names the calls that touch no one key
}

// slowWindow is how close together timeouts of distinct keys must come.
const slowWindow = time.Second

// maxBackoff bounds the time between probes, in cooldowns.
const maxBackoff = 3

func newBreaker(cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{cooldown: cooldown, now: now, slow: make(map[string]time.Time)}
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

// leave records how a call that went through ended; a call about one key
// says which with leaveKey.
func (b *breaker) leave(probe bool, err error) { b.leaveKey(probe, "", err) }

func (b *breaker) leaveKey(probe bool, key string, err error) {
	down := unreachable(err)
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	if down && !b.open && timedOut(err) && !b.slowAcrossKeys(key) {
		return // one slow key: not an outage
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

// slowAcrossKeys records a timeout of key ("" for a call of no one key)
// and says whether timeouts of two distinct keys fell within slowWindow.
func (b *breaker) slowAcrossKeys(key string) bool {
	now := b.now()
	if key == "" {
		b.calls++
		key = "\x00call" + strconv.FormatUint(b.calls, 10)
	}
	for k, at := range b.slow {
		if now.Sub(at) > slowWindow {
			delete(b.slow, k)
		}
	}
	b.slow[key] = now
	return len(b.slow) >= 2
}

// timedOut tells a timeout (Redis may be slow on one key) from a
// connection that failed or closed (Redis is gone).
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
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
