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
	"github.com/sony/gobreaker/v2"
)

// breaker fails calls at once while Redis is known to be unreachable,
// instead of letting each one wait out its timeout and retry: with a hung
// Redis that is the difference between 503s in microseconds and 503s in
// 200 ms that hold a goroutine and a connection each. It is gobreaker's
// two-step breaker: one failure opens it; after openFor one call goes
// through as a half-open probe while the others keep failing fast, and
// the probe's success closes it. openFor is three Redis timeouts: a long
// outage then costs about three probes a second, which keeps go-redis's
// pool from deciding after PoolSize failed dials to redial only once a
// second, and recovery is noticed within about a third of a second.
//
// What counts as a failure is the point: any answer from Redis, errors
// included, is a success (Redis is reachable); a caller that hung up
// proves nothing and is left out. A timeout alone is no proof that Redis
// is sick: one command on one big key can be slow while the rest answers.
// So connection failures count at once, timeouts only once they come from
// two distinct keys (or calls that touch several) within slowWindow;
// a lone slow key is left out too.
//
// It wraps each Store method rather than hooking into go-redis, whose
// connection set-up runs through the same hooks and would be refused by
// an open breaker. In a cluster it covers all nodes together; a cluster
// missing a node refuses most commands anyway. There, every time it lets
// a probe through it also has go-redis reload the cluster's slots
// (onProbe): go-redis reloads them on MOVED but not when a master stops
// answering, so without this it would keep dialling a dead master for a
// minute after its replica took over.
type breaker struct {
	cb  *gobreaker.TwoStepCircuitBreaker[struct{}]
	now func() time.Time // for slowWindow

	mu    sync.Mutex
	slow  map[string]time.Time // key → its last timeout, within slowWindow
	calls uint64               // names the calls that touch no one key
}

// slowWindow is how close together timeouts of distinct keys must come.
const slowWindow = time.Second

// probeEvery is the time between probes of an open breaker, in Redis
// timeouts.
const probeEvery = 3

// errOneSlowKey marks a timeout of one key while others answer: left out
// of the breaker's counts.
var errOneSlowKey = errors.New("one key was slow")

// newBreaker's onProbe, when not nil, runs as the breaker turns half-open;
// it must not block (gobreaker holds its lock).
func newBreaker(openFor time.Duration, now func() time.Time, onProbe func()) *breaker {
	b := &breaker{now: now, slow: make(map[string]time.Time)}
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        "redis",
		MaxRequests: 1, // one probe at a time; its success closes the breaker
		Timeout:     openFor,
		OnStateChange: func(_ string, _, to gobreaker.State) {
			if to == gobreaker.StateHalfOpen && onProbe != nil {
				onProbe()
			}
		},
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.TotalFailures > 0 },
		IsSuccessful: func(err error) bool {
			// Any answer from Redis, errors included, means it is reachable.
			return !unreachable(err)
		},
		IsExcluded: func(err error) bool {
			// The caller hung up, maybe before Redis was even asked; or one
			// key was slow: neither says Redis is sick.
			return errors.Is(err, context.Canceled) || errors.Is(err, errOneSlowKey)
		},
	})
	return b
}

// call is one admitted call; leave or leaveKey records how it ended.
type call struct{ done func(error) }

// enter says whether a call may go to Redis: ErrUnavailable while the
// breaker is open or its one probe is under way.
func (b *breaker) enter() (call, error) {
	done, err := b.cb.Allow()
	if err != nil {
		// gobreaker.ErrOpenState or ErrTooManyRequests (a probe is out).
		return call{}, fmt.Errorf("%w: redis did not answer recently; failing fast until a probe gets through (%w)", ErrUnavailable, err)
	}
	return call{done}, nil
}

// leave records how a call that went through ended; a call about one key
// says which with leaveKey.
func (b *breaker) leave(c call, err error) { b.leaveKey(c, "", err) }

func (b *breaker) leaveKey(c call, key string, err error) {
	if c.done == nil {
		return // not admitted
	}
	// Forgive a lone slow key only while the breaker is closed: a probe's
	// timeout keeps an open breaker open.
	if timedOut(err) && !errors.Is(err, context.Canceled) &&
		b.cb.State() == gobreaker.StateClosed && !b.slowAcrossKeys(key) {
		err = fmt.Errorf("%w: %w", errOneSlowKey, err)
	}
	c.done(err)
}

// slowAcrossKeys records a timeout of key ("" for a call of no one key)
// and says whether timeouts of two distinct keys fell within slowWindow.
func (b *breaker) slowAcrossKeys(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
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
