package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// TestBreakerStates walks the breaker through an outage on the real
// clock; openFor is short and the waits only ever overshoot it, which
// leaves the breaker half-open until a probe comes.
func TestBreakerStates(t *testing.T) {
	const openFor = 20 * time.Millisecond
	b := newBreaker(openFor, time.Now, nil)
	down := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	step := func(name string, wantOK bool) call {
		t.Helper()
		c, err := b.enter()
		if (err == nil) != wantOK {
			t.Fatalf("%s: enter() = %v; want allowed %v", name, err, wantOK)
		}
		if err != nil && !errors.Is(err, ErrUnavailable) {
			t.Fatalf("%s: enter() error = %v; want ErrUnavailable", name, err)
		}
		return c
	}
	wait := func() { time.Sleep(openFor + 5*time.Millisecond) }
	straggler := step("closed: a call that will end late", true)
	b.leave(step("closed", true), down)
	step("open, before openFor", false)
	wait()
	probe := step("open, after openFor: one probe", true)
	step("open, probe under way: the others fail fast", false)
	b.leave(probe, context.DeadlineExceeded)
	step("probe timed out: open again", false)
	wait()
	b.leave(step("second probe", true), down)
	step("probe refused: open again", false)
	b.leave(straggler, down) // started before the breaker opened: changes nothing
	wait()
	b.leave(step("probe", true), fmt.Errorf("wrapped: %w", errors.New("WRONGTYPE Operation against a key")))
	step("an error answer from Redis closes it", true)
	b.leave(step("closed again", true), down)
	step("a new outage opens it again", false)
	wait()
	b.leave(step("probe", true), fmt.Errorf("ping: %w: %w", ErrUnavailable, context.Canceled))
	b.leave(step("a probe whose caller hung up proves nothing: the next call probes", true), nil)
	step("its success closes it", true)
	step("closed: calls go through side by side", true)
}

// TestBreakerSlowKey: timeouts on one key leave the breaker closed; a
// timeout on a second key within a second opens it, and a refused
// connection opens it at once.
func TestBreakerSlowKey(t *testing.T) {
	c := newClock()
	b := newBreaker(time.Minute, c.Now, nil)
	for range 10 {
		pass, err := b.enter()
		if err != nil {
			t.Fatalf("enter() after timeouts on one key = %v; want closed", err)
		}
		b.leaveKey(pass, "big", fmt.Errorf("read: %w", context.DeadlineExceeded))
		c.Add(50 * time.Millisecond)
	}
	c.Add(2 * time.Second)
	pass, _ := b.enter()
	b.leaveKey(pass, "other", context.DeadlineExceeded)
	if _, err := b.enter(); err != nil {
		t.Fatalf("enter() after a second key timed out 2s later = %v; want closed", err)
	}
	pass, _ = b.enter()
	b.leaveKey(pass, "big", context.DeadlineExceeded)
	if _, err := b.enter(); err == nil {
		t.Fatalf("enter() after two keys timed out within a second = nil; want open")
	}
	b2 := newBreaker(time.Minute, c.Now, nil)
	pass, _ = b2.enter()
	b2.leaveKey(pass, "big", &net.OpError{Op: "dial", Err: errors.New("connection refused")})
	if _, err := b2.enter(); err == nil {
		t.Errorf("enter() after a refused connection = nil; want open")
	}
	b3 := newBreaker(time.Minute, c.Now, nil)
	for range 2 {
		pass, _ = b3.enter()
		b3.leave(pass, context.DeadlineExceeded) // calls of no one key
	}
	if _, err := b3.enter(); err == nil {
		t.Errorf("enter() after two timeouts of calls of no one key = nil; want open")
	}
}

func TestUnreachable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{ErrNotFound, false},
		{errors.New("NOSCRIPT No matching script"), false},
		{&net.OpError{Op: "read", Err: errors.New("i/o timeout")}, true},
		{fmt.Errorf("add report: %w: %w", ErrUnavailable, context.DeadlineExceeded), true},
		{net.ErrClosed, true},
	}
	for _, tt := range tests {
		if got := unreachable(tt.err); got != tt.want {
			t.Errorf("unreachable(%v) = %v; want %v", tt.err, got, tt.want)
		}
	}
}

// TestHungRedisFailsFast freezes redis-server (SIGSTOP): the first call
// waits out its timeout, the following ones fail at once, and calls work
// again soon after Redis resumes.
func TestHungRedisFailsFast(t *testing.T) {
	rs, err := redistest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	s, err := Open(Options{URL: rs.URL(), Timeout: 100 * time.Millisecond, MinContributors: 1, ReportTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	rep := market.Report{Marketplace: market.JP, SellerID: "AIF4G7PLKBOZY", Reasons: []string{market.ReportOther}}
	if _, err := s.AddReport(ctx, who("c"), rep); err != nil {
		t.Fatalf("AddReport with Redis up: %v", err)
	}
	if err := rs.Pause(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReport(ctx, who("c"), rep); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("AddReport with Redis hung = %v; want ErrUnavailable", err)
	}
	start := time.Now()
	for range 100 {
		if _, err := s.AddReport(ctx, who("c"), rep); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("AddReport with Redis hung = %v; want ErrUnavailable", err)
		}
	}
	// Without the breaker each would wait 100 ms or more.
	if d := time.Since(start); d > time.Second {
		t.Errorf("100 calls with Redis hung took %s; want them to fail fast", d)
	}
	if err := rs.Resume(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for _, err := s.AddReport(ctx, who("c"), rep); err != nil; _, err = s.AddReport(ctx, who("c"), rep) {
		if time.Now().After(deadline) {
			t.Fatalf("AddReport still failing 3s after Redis resumed; want recovery")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
