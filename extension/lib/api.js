// Client of the Mikiwame API. Every call has a short timeout: the badge must
// never wait on a dead API, it says "judged from this page only" instead.
//
// Reads go by bucket (docs/API.md, "Buckets"): the worker hashes the
// product or seller, asks for every entry of its hash prefix and picks its
// own by the full hash, so the API learns a bucket of thousands, never
// what the shopper looks at.

export class APIError extends Error {
  constructor(status, message, field) {
    super(message);
    this.name = "APIError";
    this.status = status;
    this.field = field;
  }
}

export const TIMEOUT_MS = 1500;

// tokenKey is where the anonymous write token for the API at baseURL is kept.
export const TOKEN_PREFIX = "apiToken:";
export const tokenKey = (baseURL) => TOKEN_PREFIX + baseURL;
// Writes wait longer: a report is sent by a shopper who clicked and waits
// for the answer, and a cold server may first have to register the client.
export const WRITE_TIMEOUT_MS = 5000;

export class API {
  // baseURL: the validated API address; area: where the anonymous token is
  // kept (chrome.storage.local); fetch: injectable for tests.
  constructor({ baseURL, area, fetch = globalThis.fetch.bind(globalThis), timeoutMs = TIMEOUT_MS, writeTimeoutMs = WRITE_TIMEOUT_MS }) {
    this.baseURL = baseURL;
    this.area = area;
    this.fetch = fetch;
    this.timeoutMs = timeoutMs;
    this.writeTimeoutMs = writeTimeoutMs;
    this.tokenKey = tokenKey(baseURL);
  }

  async request(method, path, { body, token, timeoutMs = this.timeoutMs, cache = "no-store" } = {}) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = "Bearer " + token;
    let res;
    try {
      res = await this.fetch(this.baseURL + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal,
        credentials: "omit",
        referrerPolicy: "no-referrer",
        cache,
      });
    } catch (e) {
      throw new APIError(0, ctrl.signal.aborted ? `API timed out after ${timeoutMs} ms` : `API unreachable: ${e.message}`);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    const text = await res.text().catch(() => "");
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      const msg = data && typeof data.error === "string" ? data.error : `HTTP ${res.status}`;
      const err = new APIError(res.status, msg, data && data.field);
      if (res.status === 429) err.retryAfter = Number(res.headers.get("Retry-After")) || 0;
      throw err;
    }
    return data;
  }

  // token returns the anonymous write token, registering a client once.
  // Registering costs a proof of work (about a second of one core, in
  // slices that leave the worker free for checks); concurrent writes share
  // one registration.
  async token({ renew = false } = {}) {
    if (!renew) {
      const got = await this.area.get(this.tokenKey);
      const saved = got && got[this.tokenKey];
      if (saved && typeof saved.token === "string") return saved.token;
    }
    if (!this.minting) {
      this.minting = this.mint().finally(() => { this.minting = null; });
    }
    return this.minting;
  }

  async mint() {
    const ch = await this.request("POST", "/v1/challenges", { body: {}, timeoutMs: this.writeTimeoutMs });
    if (!ch || typeof ch.challenge !== "string" || !Number.isInteger(ch.difficulty) || ch.difficulty < 0 || ch.difficulty > 32) {
      throw new APIError(0, "API gave no usable challenge");
    }
    const nonce = await solveWork(ch.challenge, ch.difficulty);
    const c = await this.request("POST", "/v1/clients", { body: { challenge: ch.challenge, nonce }, timeoutMs: this.writeTimeoutMs });
    if (!c || typeof c.token !== "string") throw new APIError(0, "API gave no token");
    await this.area.set({ [this.tokenKey]: { clientId: c.clientId, token: c.token } });
    return c.token;
  }

  // write sends an authenticated request, renewing the token once if the
  // server no longer knows it (a new server secret, a wiped store).
  async write(method, path, body) {
    try {
      return await this.request(method, path, { body, token: await this.token(), timeoutMs: this.writeTimeoutMs });
    } catch (e) {
      if (!(e instanceof APIError) || e.status !== 401) throw e;
      return this.request(method, path, { body, token: await this.token({ renew: true }), timeoutMs: this.writeTimeoutMs });
    }
  }

  // bucket returns the entries of one bucket ({hash: value}), from this
  // worker's memory while fresh, else from the API. The browser's HTTP
  // cache may answer too (the answers are public, with a max-age and an
  // ETag), so cache mode "default" here, unlike writes. An answer must be
  // a bucket of this scheme, kind and prefix whose every key is a full hash
  // in it: anything else means the address is not a Mikiwame API, which is
  // as good as unreachable.
  async bucket(kind, prefix) {
    const key = `${this.baseURL}|${kind}|${prefix}`;
    const hit = bucketMemory.get(key);
    if (hit && hit.until > Date.now()) return hit.entries;
    const path = `/v1/buckets/${kind}/${prefix}`;
    const data = await this.request("GET", path, { cache: "default" });
    const entries = data && data.entries;
    const ok = data && typeof data === "object" && data.scheme === BUCKET_SCHEME && data.kind === kind && data.prefix === prefix
      && entries && typeof entries === "object" && !Array.isArray(entries)
      && Object.entries(entries).every(([h, v]) => HASH.test(h) && h.startsWith(prefix) && v && typeof v === "object" && !Array.isArray(v));
    if (!ok) throw new APIError(0, `${path}: the answer is not a bucket of scheme ${BUCKET_SCHEME}`);
    if (bucketMemory.size >= BUCKET_MEMORY_MAX) bucketMemory.delete(bucketMemory.keys().next().value);
    bucketMemory.set(key, { entries, until: Date.now() + BUCKET_FRESH_MS });
    return entries;
  }

  // lookUp is the entry of (marketplace, id) in its bucket, or null.
  async lookUp(kind, marketplace, id) {
    const hash = await bucketHash(kind, segment(marketplace), segment(id));
    const entries = await this.bucket(kind, hash.slice(0, BUCKET_PREFIX[kind]));
    return Object.hasOwn(entries, hash) ? entries[hash] : null;
  }

  // baseline is the crowd baseline for a product, or null when the API has none.
  baseline(marketplace, asin) {
    return this.lookUp("baselines", marketplace, asin);
  }

  // reputation is what the crowd reported about a seller, or null when
  // nobody did (its bucket has no entry for it).
  reputation(marketplace, sellerId) {
    return this.lookUp("sellers", marketplace, sellerId);
  }

  report(report) {
    return this.write("POST", "/v1/reports", report);
  }

  observe(observations) {
    return this.write("POST", "/v1/observations", { observations });
  }
}

// The bucket scheme (docs/API.md): SHA-256 over
// "mkw-bucket-v1|<kind>|<marketplace>|<id>" in lower-case hex, and the
// prefix of a kind's buckets in hex digits.
export const BUCKET_SCHEME = "v1";
export const BUCKET_PREFIX = Object.freeze({ baselines: 3, sellers: 2 });
const HASH = /^[0-9a-f]{64}$/;

// bucketHash is the scheme's hash of a product or seller, by crypto.subtle.
export async function bucketHash(kind, marketplace, id) {
  const input = new TextEncoder().encode(`mkw-bucket-${BUCKET_SCHEME}|${kind}|${marketplace}|${id}`);
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  return Array.from(sum, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The buckets this worker read lately, by API address, kind and prefix:
// a product or seller of a bucket read a minute ago costs no request. The
// worker's life bounds it too; the HTTP cache outlives it.
const bucketMemory = new Map();
const BUCKET_MEMORY_MAX = 64;
export const BUCKET_FRESH_MS = 60_000;

// forgetBuckets empties that memory (tests; a cleared cache).
export function forgetBuckets() {
  bucketMemory.clear();
}

// segment is one part of a look-up: a marketplace code, ASIN or seller ID,
// all letters and digits. Anything else is refused before it is hashed, so
// the hash input is one of the scheme's and nothing odd is looked up.
function segment(s) {
  if (typeof s !== "string" || !/^[A-Za-z0-9]{1,40}$/.test(s)) throw new TypeError(`not a look-up key: ${JSON.stringify(String(s)).slice(0, 40)}`);
  return s;
}

// solveWork finds a nonce (decimal digits) such that SHA-256(challenge +
// "." + nonce) starts with difficulty zero bits, as POST /v1/clients wants.
// SHA-256 is written out here rather than taken from crypto.subtle: the
// challenge's first 64-byte blocks are hashed once (the midstate) and each
// try costs one compression, no allocation and no promise: 0.9 million
// tries a second on one core here, against 78 thousand for batches of
// crypto.subtle.digest (docs/API.md). Every
// sliceSize tries it yields to the event loop, so a check waiting in the
// service worker runs within milliseconds.
export async function solveWork(challenge, difficulty, { sliceSize = 20000 } = {}) {
  const prefix = new TextEncoder().encode(challenge + ".");
  const full = prefix.length - (prefix.length % 64);
  const mid = new Uint32Array(IV);
  for (let off = 0; off < full; off += 64) compress(mid, prefix, off);
  const tail = prefix.subarray(full);
  const buf = new Uint8Array(128);
  const H = new Uint32Array(8);
  const digits = new Uint8Array(20);
  for (let n = 0; ; ) {
    const end = n + sliceSize;
    for (; n < end; n++) {
      // The nonce's digits, written backwards.
      let len = 0;
      for (let v = n; ; v = Math.floor(v / 10)) {
        digits[len++] = 48 + (v % 10);
        if (v < 10) break;
      }
      buf.fill(0);
      buf.set(tail);
      for (let i = 0; i < len; i++) buf[tail.length + i] = digits[len - 1 - i];
      const used = tail.length + len;
      buf[used] = 0x80;
      const blocks = used + 9 > 64 ? 2 : 1;
      const bits = (prefix.length + len) * 8;
      const last = blocks * 64;
      buf[last - 4] = bits >>> 24;
      buf[last - 3] = bits >>> 16;
      buf[last - 2] = bits >>> 8;
      buf[last - 1] = bits;
      H.set(mid);
      compress(H, buf, 0);
      if (blocks === 2) compress(H, buf, 64);
      if (leadingZeroBits(H) >= difficulty) return String(n);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function leadingZeroBits(H) {
  let n = 0;
  for (const w of H) {
    if (w === 0) {
      n += 32;
      continue;
    }
    return n + Math.clz32(w);
  }
  return n;
}

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Uint32Array(64);

// compress runs SHA-256's compression function on the 64 bytes of block
// at off, updating the state H (FIPS 180-4, section 6.2.2).
function compress(H, block, off) {
  for (let i = 0; i < 16; i++) {
    const j = off + 4 * i;
    W[i] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let [a, b, c, d, e, f, g, h] = H;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] += a;
  H[1] += b;
  H[2] += c;
  H[3] += d;
  H[4] += e;
  H[5] += f;
  H[6] += g;
  H[7] += h;
}
