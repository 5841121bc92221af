// A small TTL cache over a chrome.storage area (or anything with the same
// promise-based get/set/remove). Entries survive service-worker eviction
// because they live in storage, not in module globals. An index entry keeps
// the keys and their write times, so the size cap can evict the oldest
// without reading the whole area.

export class StoreCache {
  // area: {get, set, remove}; prefix: namespaces the keys; ttlMs: how long
  // an entry is fresh; maxEntries: the cap; now: the clock (for tests).
  constructor(area, { prefix, ttlMs, maxEntries = 500, now = Date.now }) {
    if (!prefix) throw new Error("StoreCache needs a prefix");
    this.area = area;
    this.prefix = prefix;
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.now = now;
    this.indexKey = prefix + "#index";
    this.queue = Promise.resolve(); // serializes index updates
  }

  key(k) {
    return this.prefix + ":" + k;
  }

  // get returns the cached value, or undefined when absent or stale.
  async get(k) {
    const key = this.key(k);
    const got = await this.area.get(key);
    const entry = got && got[key];
    if (!entry || typeof entry !== "object") return undefined;
    if (!(entry.expires > this.now())) {
      await this.delete(k);
      return undefined;
    }
    return entry.value;
  }

  // set stores value for ttlMs (or the given ttl), then evicts expired and
  // oldest entries beyond maxEntries.
  set(k, value, ttlMs = this.ttlMs) {
    return this.serialize(async () => {
      const t = this.now();
      const key = this.key(k);
      const index = await this.readIndex();
      index[key] = t + ttlMs;
      await this.area.set({ [key]: { value, saved: t, expires: t + ttlMs } });
      const drop = evictions(index, t, this.maxEntries);
      for (const d of drop) delete index[d];
      if (drop.length) await this.area.remove(drop);
      await this.area.set({ [this.indexKey]: index });
    });
  }

  delete(k) {
    return this.serialize(async () => {
      const key = this.key(k);
      const index = await this.readIndex();
      delete index[key];
      await this.area.remove(key);
      await this.area.set({ [this.indexKey]: index });
    });
  }

  // clear drops every entry of this cache and its index.
  clear() {
    return this.serialize(async () => {
      const index = await this.readIndex();
      await this.area.remove([...Object.keys(index), this.indexKey]);
    });
  }

  async size() {
    return Object.keys(await this.readIndex()).length;
  }

  async readIndex() {
    const got = await this.area.get(this.indexKey);
    const index = got && got[this.indexKey];
    return index && typeof index === "object" ? index : {};
  }

  serialize(f) {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => {});
    return run;
  }
}

// evictions lists the keys to drop from index ({key: expiresAt}) at time
// now: every expired one, then the soonest-expiring beyond max.
export function evictions(index, now, max) {
  const expired = [];
  const live = [];
  for (const [k, exp] of Object.entries(index)) {
    if (exp <= now) expired.push(k);
    else live.push([k, exp]);
  }
  live.sort((a, b) => a[1] - b[1]);
  const over = Math.max(0, live.length - max);
  return expired.concat(live.slice(0, over).map(([k]) => k));
}

// MemoryArea implements the storage-area methods StoreCache uses on a Map,
// for tests and for code that runs outside the extension.
export class MemoryArea {
  constructor() {
    this.map = new Map();
  }
  async get(keys) {
    const out = {};
    const list = keys === null || keys === undefined ? [...this.map.keys()] : [].concat(keys);
    for (const k of list) if (this.map.has(k)) out[k] = structuredClone(this.map.get(k));
    return out;
  }
  async set(items) {
    for (const [k, v] of Object.entries(items)) this.map.set(k, structuredClone(v));
  }
  async remove(keys) {
    for (const k of [].concat(keys)) this.map.delete(k);
  }
}
