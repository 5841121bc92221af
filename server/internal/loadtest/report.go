package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Targets of issue 4.
const (
	targetHitRatio     = 0.85 // of bare Echo serving the same bytes
	targetHitP99       = 3 * time.Millisecond
	targetIngest       = 20000 // observations per second
	targetMemory       = 2048  // bytes per product at 100 observations
	bareBucketScenario = 1
	hitScenario        = 2
	ingestScenario     = 3
	reportedPercent    = 100
	// starvedCPU: below this share of its core the server was not the
	// limit; the machine's other processes or the generator were.
	starvedCPU = 0.9
)

func printMachine(s settings, seeded time.Duration) {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	redis, _ := exec.Command("redis-server", "--version").Output()
	fmt.Printf("Mikiwame API load test: %s, %d CPUs, %s, %s/%s\n", model, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("%s", redis)
	if s.pin {
		fmt.Println("CPU 0: API server (GOMAXPROCS=1) and redis-server; CPU 1: load generator (GOMAXPROCS=1). Loopback only.")
	} else {
		fmt.Println("not pinned: server, redis-server and generator share every CPU.")
	}
	fmt.Printf("%d connections, closed loop, %s measured after %s warm-up per scenario, median of %d run(s); seeded %d+%d products in %s\n\n",
		s.conns, s.duration, s.warmup, s.runs, hotProducts, s.products, seeded.Round(time.Millisecond))
}

func printResults(rs []result, obsBytes, baselineBytes int64) {
	mem := obsBytes + baselineBytes
	// Server CPU per request is the steadier figure on a shared machine:
	// it does not move when the generator or a neighbour is the limit.
	fmt.Printf("%-36s %9s %9s %9s %8s %8s %9s %8s\n", "scenario", "req/s", "p50", "p99", "vs bare", "srv CPU", "µs/req", "vs bare")
	for _, r := range rs {
		fmt.Printf("%-36s %9.0f %9s %9s %7.0f%% %8.2f %9.1f %7.0f%%\n", r.name, r.rps(), ms(r.percentile(50)), ms(r.percentile(99)),
			reportedPercent*r.vsBare, r.serverCPU, r.cpuPerRequest(), reportedPercent*r.costVsBare)
	}
	fmt.Println("(srv CPU: cores used by the server side, API + Redis; µs/req: its CPU time per request; vs bare: median over the runs of")
	fmt.Println(" this scenario's req/s over the yardstick's in the same run, and of the yardstick's µs/req over this one's)")
	for _, r := range rs {
		if r.serverCPU < starvedCPU {
			fmt.Printf("warning: %q: the server side used %.2f of its core, so it was not the limit: other processes on the machine or the generator were, and req/s and latency say more about them\n", r.name, r.serverCPU)
		}
	}
	hit, ingest := rs[hitScenario], rs[ingestScenario]
	obsPerSec := ingest.rps() * float64(ingest.perReq)
	fmt.Printf("\nobservation ingest: %.0f observations/s (%d per request)\n", obsPerSec, ingest.perReq)
	fmt.Printf("Redis memory per product at 100 observations (MEMORY USAGE): %d bytes = %d observations hash + %d cached baseline\n\n", mem, obsBytes, baselineBytes)
	check("bucket read (hit) ≥ 85 % of bare Echo, same bytes", hit.vsBare >= targetHitRatio, fmt.Sprintf("%.0f %% by req/s, %.0f %% by CPU per request", reportedPercent*hit.vsBare, reportedPercent*hit.costVsBare))
	check("bucket read (hit) p99 ≤ 3 ms", hit.percentile(99) <= targetHitP99, ms(hit.percentile(99)))
	check("ingest ≥ 20,000 observations/s", obsPerSec >= targetIngest, fmt.Sprintf("%.0f/s", obsPerSec))
	check("≤ 2 KB per product at 100 observations", mem <= targetMemory, fmt.Sprintf("%d B", mem))
}

func check(what string, ok bool, got string) {
	verdict := "met"
	if !ok {
		verdict = "MISSED"
	}
	fmt.Printf("target %-42s %-7s (%s)\n", what+":", verdict, got)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
