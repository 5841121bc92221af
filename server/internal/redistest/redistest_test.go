package redistest

import "testing"

func TestStartStopRestart(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatalf("Start() error = %v", err)
	}
	defer s.Close()
	if got, err := s.Do("SET", "k", "v"); err != nil || got != "OK" {
		t.Fatalf("Do(SET) = %q, %v; want OK, nil", got, err)
	}
	if got, err := s.Do("GET", "k"); err != nil || got != "v" {
		t.Fatalf("Do(GET) = %q, %v; want v, nil", got, err)
	}
	if got, err := s.Do("CONFIG", "GET", "appendonly"); err != nil || got != "*2" {
		t.Fatalf("Do(CONFIG GET) = %q, %v; want *2, nil", got, err)
	}
	s.Stop()
	if _, err := s.Do("PING"); err == nil {
		t.Fatalf("Do(PING) after Stop = nil error; want a connection error")
	}
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart() error = %v", err)
	}
	if got, err := s.Do("EXISTS", "k"); err != nil || got != "0" {
		t.Fatalf("Do(EXISTS) after Restart = %q, %v; want 0 (no persistence), nil", got, err)
	}
	if _, err := s.Do("NOSUCHCOMMAND"); err == nil {
		t.Fatalf("Do(NOSUCHCOMMAND) = nil error; want the server's error")
	}
}
