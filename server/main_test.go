package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/redistest"
	"github.com/mikiwame/mikiwame/server/internal/token"
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
	addr, maddr := freeAddrs(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"MIKIWAME_ADDR=" + addr, "MIKIWAME_METRICS_ADDR=" + maddr, "MIKIWAME_MINT_DIFFICULTY=4"}, &logs)
	}()

	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer within 5s: %v\n%s", err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	var ch struct {
		Challenge  string
		Difficulty int
	}
	if status := postJSON(t, "http://"+addr+"/v1/challenges", "{}", &ch); status != http.StatusCreated || ch.Difficulty != 4 {
		t.Fatalf("POST /v1/challenges = %d, difficulty %d; want 201, 4", status, ch.Difficulty)
	}
	mint := fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, ch.Challenge, token.Solve(ch.Challenge, ch.Difficulty))
	if status := postJSON(t, "http://"+addr+"/v1/clients", mint, nil); status != http.StatusCreated {
		t.Fatalf("POST /v1/clients = %d; want 201", status)
	}
	for _, c := range []struct {
		url  string
		want int
	}{{"http://" + maddr + "/metrics", 200}, {"http://" + addr + "/metrics", 404}} {
		res, err := http.Get(c.url)
		if err != nil || res.StatusCode != c.want {
			t.Errorf("GET %s = %v, %v; want %d", c.url, res, err, c.want)
		}
		if err == nil {
			res.Body.Close()
		}
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

// postJSON posts body and decodes the answer into v (when not nil).
func postJSON(t *testing.T, url, body string, v any) int {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer res.Body.Close()
	if v != nil {
		json.NewDecoder(res.Body).Decode(v)
	}
	return res.StatusCode
}

func TestRunBadConfig(t *testing.T) {
	err := run(context.Background(), []string{"MIKIWAME_LOG_FORMAT=xml"}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "MIKIWAME_LOG_FORMAT") {
		t.Errorf("run with a bad MIKIWAME_LOG_FORMAT = %v; want an error naming it", err)
	}
}

// freeAddrs are two free loopback addresses: the API's and the metrics'.
func freeAddrs(t *testing.T) (api, metrics string) {
	t.Helper()
	var addrs [2]string
	for i := range addrs {
		port, err := redistest.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		addrs[i] = fmt.Sprintf("127.0.0.1:%d", port)
	}
	return addrs[0], addrs[1]
}
