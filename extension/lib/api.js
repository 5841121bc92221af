// Client of the Mikiwame API. Every call has a short timeout: the badge must
// never wait on a dead API, it says "judged from this page only" instead.

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

  async request(method, path, { body, token, timeoutMs = this.timeoutMs } = {}) {
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
        cache: "no-store",
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
  async token({ renew = false } = {}) {
    if (!renew) {
      const got = await this.area.get(this.tokenKey);
      const saved = got && got[this.tokenKey];
      if (saved && typeof saved.token === "string") return saved.token;
    }
    const c = await this.request("POST", "/v1/clients", { body: {}, timeoutMs: this.writeTimeoutMs });
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

  // getOrNull is a GET whose 404 means "nothing known", not an error. A
  // success must carry a JSON object: anything else (an HTML page, an empty
  // body) means the address is not a Mikiwame API, which is as good as
  // unreachable.
  async getOrNull(path) {
    let data;
    try {
      data = await this.request("GET", path);
    } catch (e) {
      if (e instanceof APIError && e.status === 404) return null;
      throw e;
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) throw new APIError(0, `${path}: the answer is not a JSON object`);
    return data;
  }

  // baseline is the crowd baseline for a product, or null when the API has none.
  async baseline(marketplace, asin) {
    return this.getOrNull(`/v1/baselines/${segment(marketplace)}/${segment(asin)}`);
  }

  // reputation is what the crowd reported about a seller, or null.
  async reputation(marketplace, sellerId) {
    return this.getOrNull(`/v1/sellers/${segment(marketplace)}/${segment(sellerId)}`);
  }

  report(report) {
    return this.write("POST", "/v1/reports", report);
  }

  observe(observations) {
    return this.write("POST", "/v1/observations", { observations });
  }
}

// segment is one path segment of a look-up: a marketplace code, ASIN or
// seller ID, all letters and digits. Anything else is refused before it is
// sent, because URL parsing resolves "..", "%2e%2e" and the like, which
// encodeURIComponent leaves alone, and would fetch another path.
function segment(s) {
  if (typeof s !== "string" || !/^[A-Za-z0-9]{1,40}$/.test(s)) throw new TypeError(`not a look-up key: ${JSON.stringify(String(s)).slice(0, 40)}`);
  return s;
}
