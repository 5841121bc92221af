package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A request of a scenario; n counts the connection's requests, so a
// scenario can vary the path or body (distinct products, clients).
type requestFunc func(conn, n int) []byte

// result is what one scenario measured.
type result struct {
	name      string
	requests  int           // answered with an expected status
	failures  int           // unexpected status or transport error
	firstFail string        // the first failure, for the report
	elapsed   time.Duration // of the measured part
	latencies []time.Duration
	serverCPU float64 // cores the server (and Redis) used on average
	perReq    int     // items per request (observations), for items/s

	// Against the yardstick: req/s over its req/s, and its server CPU per
	// request over this one's (both 1 when faster or cheaper alike).
	vsBare, costVsBare float64
}

func (r result) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// cpuPerRequest is the server side's CPU time per request in µs.
func (r result) cpuPerRequest() float64 {
	if r.requests == 0 {
		return 0
	}
	return r.serverCPU * r.elapsed.Seconds() * 1e6 / float64(r.requests)
}

func (r result) percentile(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := (len(r.latencies)*p + 99) / 100
	return r.latencies[max(i, 1)-1]
}

// run drives conns keep-alive connections to addr for warm+d: each sends
// a request, reads the whole answer and sends the next (closed loop, like
// wrk). Only answers after the warm-up count. ok says which statuses are
// expected. It uses a minimal HTTP/1.1 client: net/http's costs several
// times more CPU per request, and the generator has one core.
func run(name, addr string, conns int, warm, d time.Duration, req requestFunc, ok func(int) bool) result {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total = result{name: name}
	)
	start := time.Now()
	measureFrom, stopAt := start.Add(warm), start.Add(warm+d)
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine result
			defer func() {
				mu.Lock()
				total.requests += mine.requests
				total.failures += mine.failures
				if total.firstFail == "" {
					total.firstFail = mine.firstFail
				}
				total.latencies = append(total.latencies, mine.latencies...)
				mu.Unlock()
			}()
			fail := func(msg string) {
				mine.failures++
				if mine.firstFail == "" {
					mine.firstFail = msg
				}
			}
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				fail(err.Error())
				return
			}
			defer conn.Close()
			br, bw := bufio.NewReaderSize(conn, 16<<10), bufio.NewWriterSize(conn, 16<<10)
			for n := 0; ; n++ {
				t0 := time.Now()
				if !t0.Before(stopAt) {
					return
				}
				bw.Write(req(c, n))
				if err := bw.Flush(); err != nil {
					fail(err.Error())
					return
				}
				status, err := readResponse(br)
				t1 := time.Now()
				if err != nil {
					fail(err.Error())
					return
				}
				if t0.Before(measureFrom) {
					continue
				}
				if !ok(status) {
					fail("status " + strconv.Itoa(status))
					continue
				}
				mine.requests++
				mine.latencies = append(mine.latencies, t1.Sub(t0))
			}
		}()
	}
	wg.Wait()
	total.elapsed = d
	slices.Sort(total.latencies)
	return total
}

// readResponse reads one HTTP/1.1 response and returns its status; the
// body (Content-Length or chunked) is read and dropped.
func readResponse(br *bufio.Reader) (int, error) {
	tp := textproto.NewReader(br)
	line, err := tp.ReadLine()
	if err != nil {
		return 0, err
	}
	_, rest, _ := strings.Cut(line, " ")
	status, err := strconv.Atoi(strings.SplitN(rest, " ", 2)[0])
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length, chunked := -1, false
	for {
		h, err := tp.ReadLine()
		if err != nil {
			return 0, err
		}
		if h == "" {
			break
		}
		k, v, _ := strings.Cut(h, ":")
		switch strings.ToLower(k) {
		case "content-length":
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return 0, fmt.Errorf("bad content-length %q", v)
			}
		case "transfer-encoding":
			chunked = strings.Contains(strings.ToLower(v), "chunked")
		}
	}
	switch {
	case chunked:
		for {
			size, err := tp.ReadLine()
			if err != nil {
				return 0, err
			}
			n, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(size, ";", 2)[0]), 16, 64)
			if err != nil {
				return 0, fmt.Errorf("bad chunk size %q", size)
			}
			if _, err := br.Discard(int(n) + 2); err != nil {
				return 0, err
			}
			if n == 0 {
				return status, nil
			}
		}
	case length >= 0:
		_, err = br.Discard(length)
		return status, err
	}
	return 0, errors.New("response without a length: cannot keep the connection")
}

// get is a GET request.
func get(path string) []byte {
	return []byte("GET " + path + " HTTP/1.1\r\nHost: bench\r\n\r\n")
}

// post is a JSON POST request with a bearer token.
func post(path, token string, body []byte) []byte {
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", path, token, len(body))
	return append([]byte(head), body...)
}

// fetch makes one request outside a scenario and returns status and body.
func fetch(addr string, raw []byte) (int, []byte, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return 0, nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	raw = []byte(strings.Replace(string(raw), "Host: bench\r\n", "Host: bench\r\nConnection: close\r\n", 1))
	if _, err := conn.Write(raw); err != nil {
		return 0, nil, err
	}
	all, err := io.ReadAll(conn)
	if err != nil {
		return 0, nil, err
	}
	head, body, _ := strings.Cut(string(all), "\r\n\r\n")
	_, rest, _ := strings.Cut(head, " ")
	status, _ := strconv.Atoi(strings.SplitN(rest, " ", 2)[0])
	return status, []byte(body), nil
}
