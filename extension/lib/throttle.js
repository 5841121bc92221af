// Polite fetching from Amazon: at most maxConcurrent requests at a time per
// host, starts spaced by a minimum gap, and a growing pause after Amazon
// answers 503 (its "slow down" signal). During a pause requests fail at once
// instead of queueing, so a badge never waits minutes for a seller page.

export class ThrottledError extends Error {
  constructor(host, untilMs) {
    super(`${host} asked us to slow down; paused until ${new Date(untilMs).toISOString()}`);
    this.name = "ThrottledError";
    this.host = host;
    this.until = untilMs;
  }
}

export class HostThrottle {
  constructor({ minGapMs = 1500, maxConcurrent = 1, backoffMs = 30_000, maxBackoffMs = 15 * 60_000, now = Date.now, sleep = defaultSleep } = {}) {
    this.minGapMs = minGapMs;
    this.maxConcurrent = Math.max(1, maxConcurrent);
    this.backoffMs = backoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.now = now;
    this.sleep = sleep;
    this.hosts = new Map(); // host → {tail, last, active, waiting, pausedUntil, backoff}
  }

  state(host) {
    let s = this.hosts.get(host);
    if (!s) {
      s = { tail: Promise.resolve(), last: -Infinity, active: 0, waiting: [], pausedUntil: 0, backoff: 0 };
      this.hosts.set(host, s);
    }
    return s;
  }

  // pausedUntil is when requests to host may start again (0 if not paused).
  pausedUntil(host) {
    const s = this.hosts.get(host);
    return s && s.pausedUntil > this.now() ? s.pausedUntil : 0;
  }

  // run calls fetcher() when host's turn comes and returns its response.
  // fetcher must resolve to something with a numeric status. Starts queue
  // in order; a request waits for a free slot, then for the gap since the
  // previous start, and is refused if the host got paused meanwhile.
  run(host, fetcher) {
    const s = this.state(host);
    const started = s.tail.then(async () => {
      if (s.pausedUntil > this.now()) throw new ThrottledError(host, s.pausedUntil);
      while (s.active >= this.maxConcurrent) await new Promise((resolve) => s.waiting.push(resolve));
      const wait = s.last + this.minGapMs - this.now();
      if (wait > 0) await this.sleep(wait);
      if (s.pausedUntil > this.now()) throw new ThrottledError(host, s.pausedUntil);
      s.last = this.now();
      s.active++;
    });
    s.tail = started.catch(() => {});
    return started.then(async () => {
      try {
        const res = await fetcher();
        this.record(s, res.status);
        if (res.status === 503) throw new ThrottledError(host, s.pausedUntil);
        return res;
      } finally {
        s.active--;
        const next = s.waiting.shift();
        if (next) next();
      }
    });
  }

  // slowDown pauses host as a 503 would: for answers that are a "slow
  // down" in disguise, such as a robot check served with status 200.
  slowDown(host) {
    this.record(this.state(host), 503);
  }

  record(s, status) {
    if (status === 503) {
      s.backoff = s.backoff ? Math.min(s.backoff * 2, this.maxBackoffMs) : this.backoffMs;
      s.pausedUntil = this.now() + s.backoff;
    } else if (status < 500) {
      s.backoff = 0;
      s.pausedUntil = 0;
    }
  }
}

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// withTimeout rejects after ms unless p settles first.
export function withTimeout(p, ms, what = "operation") {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
