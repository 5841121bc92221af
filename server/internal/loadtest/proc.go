package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// process is a child the benchmark started: the API server or the bare
// Echo server.
type process struct {
	name string
	cmd  *exec.Cmd
	log  bytes.Buffer
}

// startProcess runs argv with env added, on CPU cpu when cpu ≥ 0, and
// waits until addr answers GET /healthz.
func startProcess(name string, cpu int, env []string, addr string, argv ...string) (*process, error) {
	if cpu >= 0 {
		argv = append([]string{"taskset", "-c", strconv.Itoa(cpu)}, argv...)
	}
	p := &process{name: name, cmd: exec.Command(argv[0], argv[1:]...)}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.log, &p.log
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	exited := make(chan struct{})
	go func() { p.cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return nil, fmt.Errorf("%s exited at start: %s", name, strings.TrimSpace(p.log.String()))
		default:
		}
		if status, _, err := fetch(addr, get("/healthz")); err == nil && status == 200 {
			return p, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not answer /healthz on %s within 10s: %s", name, addr, strings.TrimSpace(p.log.String()))
}

func (p *process) stop() {
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
}

// pin moves every thread of pid to cpu (taskset -a), so later threads
// inherit it too.
func pin(pid, cpu int) error {
	out, err := exec.Command("taskset", "-a", "-p", "-c", strconv.Itoa(cpu), strconv.Itoa(pid)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset %d: %v: %s", pid, err, out)
	}
	return nil
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times; 100 on every
// Linux this runs on.
const clockTicks = 100

// cpuTime is the CPU time pid has used (user + system).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; fields start after its ")".
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("unreadable /proc stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("unreadable /proc stat times")
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// cpuMeter adds up the CPU time of some processes.
type cpuMeter []int

func (m cpuMeter) now() time.Duration {
	var total time.Duration
	for _, pid := range m {
		if d, err := cpuTime(pid); err == nil {
			total += d
		}
	}
	return total
}

// moduleRoot finds the directory of go.mod from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found: run from inside the repository")
		}
		dir = parent
	}
}

// redisPID reads process_id from INFO server.
func redisPID(info string) (int, error) {
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "process_id:"); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, errors.New("no process_id in INFO server")
}
