package cache

import (
	"context"
	"testing"
	"time"
)

// A load is shared by every caller waiting on the key, so the first
// caller hanging up must not fail it for the others.
func TestLoadOutlivesItsCaller(t *testing.T) {
	gate := make(chan struct{})
	load := func(ctx context.Context, key string) (string, error) {
		<-gate
		if err := ctx.Err(); err != nil {
			return "", err // as Redis does when the context ends
		}
		return key + "=1", nil
	}
	c := New(load, Options{Fresh: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		c.Load(ctx, "k")
		close(done)
	}()
	for c.inflightCount() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	close(gate)
	<-done
	// Callers that joined the load got its result; the cache has it too.
	if v, ok := c.Lookup("k"); v != "k=1" || !ok {
		t.Errorf("Lookup(k) after a load whose caller hung up = %q, %v; want k=1, true", v, ok)
	}
}
