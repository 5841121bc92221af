// Polite fetching from Amazon: one request at a time per host, a minimum gap
// between requests, and a growing pause after Amazon answers 503 (its "slow
// down" signal). During a pause requests fail at once instead of queueing,
// so a badge never waits minutes for a seller page.

export class ThrottledError extends Error {
  constructor(host, untilMs) {
    super(`${host} asked us to slow down; paused until ${new Date(untilMs).toISOString()}`);
    this.name = "ThrottledError";
    this.host = host;
    this.until = untilMs;
  }
}

export class HostThrottle {
  constructor({ minGapMs = 1500, backoffMs = 30_000, maxBackoffMs = 15 * 60_000, now = Date.now, sleep = defaultSleep } = {}) {
    this.minGapMs = minGapMs;
    this.backoffMs = backoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.now = now;
    this.sleep = sleep;
    this.hosts = new Map(); // host → {tail, last, pausedUntil, backoff}
  }

  state(host) {
    let s = this.hosts.get(host);
    if (!s) {
      s = { tail: Promise.resolve(), last: -Infinity, pausedUntil: 0, backoff: 0 };
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
  // fetcher must resolve to something with a numeric status.
  run(host, fetcher) {
    const s = this.state(host);
    const task = s.tail.then(async () => {
      if (s.pausedUntil > this.now()) throw new ThrottledError(host, s.pausedUntil);
      const wait = s.last + this.minGapMs - this.now();
      if (wait > 0) await this.sleep(wait);
      s.last = this.now();
      const res = await fetcher();
      this.record(s, res.status);
      if (res.status === 503) throw new ThrottledError(host, s.pausedUntil);
      return res;
    });
    s.tail = task.catch(() => {});
    return task;
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
