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

func TestBreakerStates(t *testing.T) {
	c := newClock()
	b := newBreaker(100*time.Millisecond, c.Now)
	down := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	step := func(name string, wantProbe, wantOK bool) bool {
		t.Helper()
		probe, err := b.enter()
		if probe != wantProbe || (err == nil) != wantOK {
			t.Fatalf("%s: enter() = %v, %v; want probe %v, allowed %v", name, probe, err, wantProbe, wantOK)
		}
		if err != nil && !errors.Is(err, ErrUnavailable) {
			t.Fatalf("%s: enter() error = %v; want ErrUnavailable", name, err)
		}
		return probe
	}
	b.leave(step("closed", false, true), down)
	step("open, before the cooldown", false, false)
	c.Add(100 * time.Millisecond)
	probe := step("open, after the cooldown: one probe", true, true)
	step("open, probe under way: the others fail fast", false, false)
	b.leave(probe, context.DeadlineExceeded)
	step("probe failed: open again", false, false)
	c.Add(100 * time.Millisecond)
	step("backing off: not yet after one cooldown", false, false)
	c.Add(100 * time.Millisecond)
	b.leave(step("second probe after two", true, true), context.DeadlineExceeded)
	for _, wait := range []time.Duration{300, 300, 300} {
		c.Add((wait - 1) * time.Millisecond)
		step(fmt.Sprintf("backing off: not yet after %dms", wait-1), false, false)
		c.Add(time.Millisecond)
		b.leave(step(fmt.Sprintf("probe after %dms", wait), true, true), down)
	}
	b.leave(false, down) // a straggler changes nothing
	c.Add(500 * time.Millisecond)
	b.leave(step("probe", true, true), fmt.Errorf("wrapped: %w", errors.New("WRONGTYPE Operation against a key")))
	step("an error answer from Redis closes it", false, true)
	b.leave(step("closed again", false, true), down)
	step("a new outage starts at one cooldown", false, false)
	c.Add(100 * time.Millisecond)
	b.leave(step("first probe after one cooldown", true, true), fmt.Errorf("ping: %w: %w", ErrUnavailable, context.Canceled))
	step("a probe whose caller hung up proves nothing: the next call probes", true, true)
}

// TestBreakerSlowKey: timeouts on one key leave the breaker closed; a
// timeout on a second key within a second opens it, and a refused
// connection opens it at once.
func TestBreakerSlowKey(t *testing.T) {
	c := newClock()
	b := newBreaker(100*time.Millisecond, c.Now)
	for range 10 {
		probe, err := b.enter()
		if err != nil {
			t.Fatalf("enter() after timeouts on one key = %v; want closed", err)
		}
		b.leaveKey(probe, "big", fmt.Errorf("read: %w", context.DeadlineExceeded))
		c.Add(50 * time.Millisecond)
	}
	c.Add(2 * time.Second)
	b.leaveKey(false, "other", context.DeadlineExceeded)
	if _, err := b.enter(); err != nil {
		t.Fatalf("enter() after a second key timed out 2s later = %v; want closed", err)
	}
	b.leaveKey(false, "big", context.DeadlineExceeded)
	if _, err := b.enter(); err == nil {
		t.Fatalf("enter() after two keys timed out within a second = nil; want open")
	}
	b2 := newBreaker(100*time.Millisecond, c.Now)
	b2.leaveKey(false, "big", &net.OpError{Op: "dial", Err: errors.New("connection refused")})
	if _, err := b2.enter(); err == nil {
		t.Errorf("enter() after a refused connection = nil; want open")
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
