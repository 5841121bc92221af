package cache

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestInvalidateKeepsFallback: after a write the next read loads the new
// value; if that load fails (Redis down), the old value still answers.
func TestInvalidateKeepsFallback(t *testing.T) {
	tests := []struct {
		name      string
		fail      bool
		want      string
		wantStale bool
	}{
		{"loader works: the new value", false, "a=1", false},
		{"loader fails: the old value rather than an error", true, "a=0", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _, c := setup()
			ctx := context.Background()
			c.Load(ctx, "a")
			src.value.Store(1)
			src.fail.Store(tt.fail)
			c.Invalidate("a")
			if v, ok := c.Lookup("a"); ok {
				t.Fatalf("Lookup(a) after Invalidate = %q, true; want a miss", v)
			}
			v, stale, err := c.Load(ctx, "a")
			if v != tt.want || stale != tt.wantStale || err != nil {
				t.Errorf("Load(a) after Invalidate = %q, %v, %v; want %q, %v, nil", v, stale, err, tt.want, tt.wantStale)
			}
		})
	}
}

// TestInvalidateDuringRefresh: a background refresh that started before a
// write must not put its older value over the one loaded after the write.
func TestInvalidateDuringRefresh(t *testing.T) {
	clk := &clock{t: time.Unix(1_800_000_000, 0)}
	release := make(chan struct{})
	var calls atomic.Int32
	c := New(func(ctx context.Context, key string) (string, error) {
		n := calls.Add(1)
		if n == 2 { // the background refresh, which read before the write
			<-release
			return "before the write", nil
		}
		return fmt.Sprintf("load %d", n), nil
	}, Options{Fresh: 30 * time.Second, MaxStale: 10 * time.Minute, Now: clk.Now})
	ctx := context.Background()
	c.Load(ctx, "a")
	clk.Add(time.Minute) // stale: the next Lookup refreshes in the background
	c.Lookup("a")
	for calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	c.Invalidate("a")
	if v, _, err := c.Load(ctx, "a"); v != "load 3" || err != nil {
		t.Fatalf("Load(a) after Invalidate = %q, %v; want load 3", v, err)
	}
	close(release)
	c.Wait()
	if v, ok := c.Lookup("a"); v != "load 3" || !ok {
		t.Errorf("Lookup(a) once the old refresh is done = %q, %v; want load 3, true", v, ok)
	}
}
