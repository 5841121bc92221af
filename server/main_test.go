package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
)

// syncBuffer is a log sink the server and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestRunEmbedded starts the server as `make run` does (no Redis
// configured), checks it serves and says that nothing is persisted, then
// stops it the way SIGTERM does.
func TestRunEmbedded(t *testing.T) {
	port, err := redistest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"MIKIWAME_ADDR=" + addr}, &logs) }()

	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := http.Post("http://"+addr+"/v1/clients", "application/json", nil)
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("POST /v1/clients = %d; want 201", res.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer within 5s: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{"keeps everything in memory", "REDIS_URL", "MIKIWAME_HMAC_SECRET is not set"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("start-up log lacks %q:\n%s", want, logs.String())
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after shutdown = %v; want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("run did not return within 15s of shutdown")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Errorf("GET /healthz after shutdown succeeded; want the listener closed")
	}
}

func TestRunBadConfig(t *testing.T) {
	err := run(context.Background(), []string{"MIKIWAME_LOG_FORMAT=xml"}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "MIKIWAME_LOG_FORMAT") {
		t.Errorf("run with a bad MIKIWAME_LOG_FORMAT = %v; want an error naming it", err)
	}
}
