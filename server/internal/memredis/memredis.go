// Package memredis runs an in-process Redis-protocol server (miniredis) so
// the API starts on a bare machine with no setup. Everything lives in
// memory and is lost when the process ends; it is for trying Mikiwame out
// and for development, never for production.
package memredis

import (
	"fmt"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// tick is how often key TTLs move on. miniredis does not expire keys by
// itself (tests drive it with FastForward), so a ticker does it here.
const tick = time.Second

// Server is a running in-memory Redis.
type Server struct {
	m    *miniredis.Miniredis
	stop chan struct{}
	once sync.Once
	done chan struct{}
}

// Start listens on addr ("127.0.0.1:0" for any free port).
func Start(addr string) (*Server, error) {
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr(addr); err != nil {
		return nil, fmt.Errorf("start in-memory redis on %s: %w", addr, err)
	}
	s := &Server{m: m, stop: make(chan struct{}), done: make(chan struct{})}
	go s.expire()
	return s, nil
}

func (s *Server) expire() {
	defer close(s.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.m.FastForward(tick)
		}
	}
}

// URL is the address as a REDIS_URL.
func (s *Server) URL() string { return "redis://" + s.m.Addr() + "/0" }

// Close stops the server; its data is gone.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.stop)
		<-s.done
		s.m.Close()
	})
}
