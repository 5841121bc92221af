package redistest

import (
	"errors"
	"syscall"
)

// Pause freezes the server with SIGSTOP: its port still accepts
// connections but nothing answers, like a Redis stuck in a long command or
// on a dead disk. Resume undoes it.
func (s *Server) Pause() error { return s.signal(syscall.SIGSTOP) }

// Resume lets a paused server run again with SIGCONT.
func (s *Server) Resume() error { return s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) error {
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil {
		return errors.New("redis-server is not running")
	}
	return cmd.Process.Signal(sig)
}
