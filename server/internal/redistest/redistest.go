// Package redistest starts real redis-server processes on free loopback
// ports for tests, each in its own temporary directory with persistence
// off, and stops them at the end. It speaks just enough RESP to wait for a
// server and flush it, so it needs no Redis client library.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary is the redis-server executable the tests start.
const Binary = "redis-server"

// Server is one running redis-server.
type Server struct {
	Addr string // 127.0.0.1:port
	Dir  string // working directory, removed by Close

	args []string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// URL is the server's address as a REDIS_URL.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

// Start runs a redis-server on a free loopback port with persistence off
// and maxmemory with noeviction;
// extra are more command-line options ("--cluster-enabled", "yes", …). It
// returns once the server answers PING.
func Start(extra ...string) (*Server, error) {
	path, err := exec.LookPath(Binary)
	if err != nil {
		return nil, fmt.Errorf("%s not found on PATH (install it: apt-get install redis-server): %w", Binary, err)
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redistest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Dir: dir}
	s.args = append([]string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--logfile", filepath.Join(dir, "redis.log"),
		// As in production (docs/API.md): a full Redis refuses writes
		// rather than evicting reports and prices at random.
		"--maxmemory", "512mb", "--maxmemory-policy", "noeviction",
	}, extra...)
	if err := s.start(path); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (s *Server) start(path string) error {
	cmd := exec.Command(path, s.args...)
	cmd.Dir = s.Dir
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", Binary, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
			return fmt.Errorf("%s exited at start: %s", Binary, strings.TrimSpace(string(log)))
		default:
		}
		if _, err := s.Do("PING"); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Stop()
	return fmt.Errorf("%s on %s did not answer PING within 10s", Binary, s.Addr)
}

// Stop kills the server and waits for it to exit; its data is gone. The
// directory stays until Close, so Restart can bring up an empty server on
// the same port (a crashed and replaced Redis, for fault tests).
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-done
}

// Restart starts the server again on the same port after Stop.
func (s *Server) Restart() error {
	s.Stop()
	path, err := exec.LookPath(Binary)
	if err != nil {
		return err
	}
	return s.start(path)
}

// Close stops the server and removes its directory.
func (s *Server) Close() {
	s.Stop()
	os.RemoveAll(s.Dir)
}

// FlushAll empties the server between tests.
func (s *Server) FlushAll() error {
	_, err := s.Do("FLUSHALL")
	return err
}

// Do sends one command and returns the first line of the reply (simple
// string, error, integer or bulk header). Enough for PING, FLUSHALL,
// CLUSTER commands and the like in test setup; not a client library.
func (s *Server) Do(args ...string) (string, error) {
	conn, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return "", err
	}
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	switch {
	case strings.HasPrefix(line, "-"):
		return "", errors.New(line[1:])
	case strings.HasPrefix(line, "$"):
		n, err := strconv.Atoi(line[1:])
		if err != nil || n < 0 {
			return "", err
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	}
	return strings.TrimLeft(line, "+:"), nil
}

// FreePort asks the kernel for a loopback port nobody is listening on.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Main is a package's TestMain: it starts a redis-server, hands it to set,
// runs the tests, stops the server and exits. Without redis-server the
// tests fail with a message saying how to install it; they never skip.
func Main(m *testing.M, set func(*Server)) {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "these tests need a real redis-server:", err)
		os.Exit(1)
	}
	set(s)
	code := m.Run()
	s.Close()
	os.Exit(code)
}
