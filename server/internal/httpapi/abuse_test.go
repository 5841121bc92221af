package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mikiwame/mikiwame/server/internal/store"
	"github.com/mikiwame/mikiwame/server/internal/token"
)

func TestBadInput(t *testing.T) {
	s := newAPI(t, testOptions())
	tok := mint(t, s)
	obs := observation("B0CHX1W1XY", 1000)
	report := func(fields string) string {
		return `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER"]` + fields + `}`
	}
	tests := []struct {
		name        string
		path        string
		body        string
		contentType string
		status      int
		field       string
	}{
		{"empty body", "/v1/observations", " ", "", 400, ""},
		{"malformed JSON", "/v1/observations", `{"observations":[`, "", 400, ""},
		{"not an object", "/v1/observations", `[1,2]`, "", 400, ""},
		{"trailing data", "/v1/observations", observations(obs) + `{}`, "", 400, ""},
		{"unknown top field", "/v1/observations", `{"observations":[` + obs + `],"admin":true}`, "", 400, "admin"},
		{"unknown nested field", "/v1/observations", observations(`{"marketplace":"JP","asin":"B0CHX1W1XY","price":1,"currency":"JPY","condition":"new","sellerKind":"","ip":"1.2.3.4"}`), "", 400, "observations[0].ip"},
		{"price as string", "/v1/observations", observations(`{"marketplace":"JP","asin":"B0CHX1W1XY","price":"1000","currency":"JPY","condition":"new","sellerKind":""}`), "", 400, "observations[0].price"},
		{"price as float", "/v1/observations", observations(`{"marketplace":"JP","asin":"B0CHX1W1XY","price":10.5,"currency":"JPY","condition":"new","sellerKind":""}`), "", 400, "observations[0].price"},
		{"price zero", "/v1/observations", observations(observation("B0CHX1W1XY", 0)), "", 400, "observations[0].price"},
		{"price negative", "/v1/observations", observations(observation("B0CHX1W1XY", -5)), "", 400, "observations[0].price"},
		{"price huge", "/v1/observations", observations(observation("B0CHX1W1XY", 1e12)), "", 400, "observations[0].price"},
		{"no observations", "/v1/observations", `{"observations":[]}`, "", 400, "observations"},
		{"null observations", "/v1/observations", `{"observations":null}`, "", 400, "observations"},
		{"51 observations", "/v1/observations", observations(strings.Repeat(obs+",", 50) + obs), "", 400, "observations"},
		{"unknown marketplace", "/v1/observations", observations(strings.Replace(obs, `"JP"`, `"XX"`, 1)), "", 400, "observations[0].marketplace"},
		{"lower-case marketplace", "/v1/observations", observations(strings.Replace(obs, `"JP"`, `"jp"`, 1)), "", 400, "observations[0].marketplace"},
		{"currency mismatch", "/v1/observations", observations(strings.Replace(obs, `"JPY"`, `"USD"`, 1)), "", 400, "observations[0].currency"},
		{"bad asin", "/v1/observations", observations(observation("<script>", 1)), "", 400, "observations[0].asin"},
		{"bad condition", "/v1/observations", observations(strings.Replace(obs, `"new"`, `"mint"`, 1)), "", 400, "observations[0].condition"},
		{"bad seller kind", "/v1/observations", observations(strings.Replace(obs, `"fba"`, `"drone"`, 1)), "", 400, "observations[0].sellerKind"},
		{"second item bad", "/v1/observations", observations(obs, observation("B0CHX1W1X", 1)), "", 400, "observations[1].asin"},
		{"second item wrong type", "/v1/observations", observations(obs, `{"marketplace":"JP","asin":"B0CHX1W1XY","price":[1],"currency":"JPY","condition":"new","sellerKind":""}`), "", 400, "observations[1].price"},
		{"null item", "/v1/observations", observations("null"), "", 400, "observations[0].marketplace"},
		{"item not an object", "/v1/observations", observations(`"B0CHX1W1XY"`), "", 400, "observations[0]"},
		{"invalid UTF-8", "/v1/observations", observations(strings.Replace(obs, "B0CHX1W1XY", "B0CHX1W1X\xff", 1)), "", 400, ""},
		{"NUL in asin", "/v1/observations", observations(strings.Replace(obs, "B0CHX1W1XY", `B0CHX1W1X\u0000`, 1)), "", 400, "observations[0].asin"},
		{"wrong content type", "/v1/observations", observations(obs), "text/plain", 415, "Content-Type"},
		{"form content type", "/v1/observations", observations(obs), "application/x-www-form-urlencoded", 415, "Content-Type"},
		{"latin-1 charset", "/v1/observations", observations(obs), "application/json; charset=iso-8859-1", 415, "Content-Type"},
		{"too large", "/v1/observations", `{"observations":[` + strings.Repeat(" ", 70<<10) + `]}`, "", 413, ""},

		{"script seller id", "/v1/reports", `{"marketplace":"JP","sellerId":"<script>alert(1)</script>","reasons":["OTHER"]}`, "", 400, "sellerId"},
		{"seller id too short", "/v1/reports", `{"marketplace":"JP","sellerId":"A1234","reasons":["OTHER"]}`, "", 400, "sellerId"},
		{"seller id lower case", "/v1/reports", `{"marketplace":"JP","sellerId":"aif4g7plkbozy","reasons":["OTHER"]}`, "", 400, "sellerId"},
		{"seller id NUL", "/v1/reports", `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY\u0000","reasons":["OTHER"]}`, "", 400, "sellerId"},
		{"no reasons", "/v1/reports", `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":[]}`, "", 400, "reasons"},
		{"unknown reason", "/v1/reports", `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["RUDE"]}`, "", 400, "reasons[0]"},
		{"reason twice", "/v1/reports", `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER","OTHER"]}`, "", 400, "reasons[1]"},
		{"reasons not array", "/v1/reports", `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":"OTHER"}`, "", 400, "reasons"},
		{"bad report asin", "/v1/reports", report(`,"asin":"b0chx1w1xy"`), "", 400, "asin"},
		{"note 501 runes", "/v1/reports", report(`,"note":"` + strings.Repeat("詐", 501) + `"`), "", 400, "note"},
		{"note NUL", "/v1/reports", report(`,"note":"hello\u0000world"`), "", 400, "note"},
		{"note escape", "/v1/reports", report(`,"note":"\u001b[31mred"`), "", 400, "note"},
		{"note 10 MB", "/v1/reports", report(`,"note":"` + strings.Repeat("x", 10<<20) + `"`), "", 413, ""},
		{"unknown report field", "/v1/reports", report(`,"clientId":"someone"`), "", 400, "clientId"},
		// encoding/json would keep the last of two keys and match any case.
		{"duplicate key", "/v1/reports", report(`,"sellerId":"A1THAZDOWP300U"`), "", 400, "sellerId"},
		{"keys differing in case", "/v1/reports", report(`,"SellerID":"A1THAZDOWP300U"`), "", 400, "SellerID"},
		{"key in the wrong case", "/v1/reports", `{"Marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER"]}`, "", 400, "Marketplace"},
		{"nested duplicate key", "/v1/observations", observations(strings.Replace(obs, `"price":1000`, `"price":1000,"price":1`, 1)), "", 400, "price"},
		{"nested wrong case", "/v1/observations", observations(strings.Replace(obs, `"price"`, `"PRICE"`, 1)), "", 400, "PRICE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, s, req{method: "POST", path: tt.path, body: tt.body, token: tok, contentType: tt.contentType})
			if res.Status != tt.status {
				t.Fatalf("POST %s (%s) = %d %s; want %d", tt.path, tt.name, res.Status, res.Body, tt.status)
			}
			body := res.JSON(t)
			if msg, _ := body["error"].(string); msg == "" {
				t.Errorf("POST %s (%s) body %s; want an error message", tt.path, tt.name, res.Body)
			}
			if got, _ := body["field"].(string); got != tt.field {
				t.Errorf("POST %s (%s) field = %q; want %q (body %s)", tt.path, tt.name, got, tt.field, res.Body)
			}
		})
	}
	// A note of exactly 500 runes, with new lines, is fine.
	res := do(t, s, req{method: "POST", path: "/v1/reports", token: tok, body: report(`,"note":"` + strings.Repeat("詐", 498) + `\n\t"`)})
	if res.Status != http.StatusCreated {
		t.Errorf("POST /v1/reports with a 500-rune note = %d %s; want 201", res.Status, res.Body)
	}
}

func TestMintNeedsWork(t *testing.T) {
	s := newAPI(t, testOptions())
	body := solvedMint(t, s, req{})
	var m map[string]string
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	unsolved := "0"
	for token.LeadingZeroBits(m["challenge"], unsolved) >= testDifficulty {
		unsolved += "0"
	}
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"no body", "", 415, "Content-Type"},
		{"empty object", `{}`, 400, "nonce"},
		{"unsolved", fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, m["challenge"], unsolved), 400, "nonce"},
		{"forged challenge", fmt.Sprintf(`{"challenge":%q,"nonce":%q}`, strings.Replace(m["challenge"], ".4.", ".0.", 1), m["nonce"]), 400, "nonce"},
		{"solved", body, 201, ""},
		{"solved, again", body, 409, ""},
	}
	for _, tt := range tests {
		res := do(t, s, req{method: "POST", path: "/v1/clients", body: tt.body})
		if res.Status != tt.status {
			t.Errorf("mint %s = %d %s; want %d", tt.name, res.Status, res.Body, tt.status)
			continue
		}
		if got, _ := res.JSON(t)["field"].(string); got != tt.field {
			t.Errorf("mint %s field = %q; want %q", tt.name, got, tt.field)
		}
	}
}

func TestBadPaths(t *testing.T) {
	s := newAPI(t, testOptions())
	tests := []struct {
		path   string
		status int
		field  string
	}{
		{"/v1/buckets/baselines/AB4", 400, "prefix"},
		{"/v1/buckets/baselines/ab", 400, "prefix"},
		{"/v1/buckets/baselines/ab4b", 400, "prefix"},
		{"/v1/buckets/baselines/ab4%00", 400, "prefix"},
		{"/v1/buckets/sellers/ab4", 400, "prefix"},
		{"/v1/buckets/sellers/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "prefix"},
		{"/v1/buckets/products/ab4", 404, ""},
		{"/v1/nothing", 404, ""},
		{"/v1/admin/reports?limit=0", 401, ""}, // no token: auth comes first
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := do(t, s, req{method: "GET", path: tt.path})
			if res.Status != tt.status {
				t.Fatalf("GET %s = %d %s; want %d", tt.path, res.Status, res.Body, tt.status)
			}
			if got, _ := res.JSON(t)["field"].(string); got != tt.field {
				t.Errorf("GET %s field = %q; want %q", tt.path, got, tt.field)
			}
		})
	}
	res := do(t, s, req{method: "GET", path: "/v1/admin/reports?limit=5000", token: testAdmin})
	if res.Status != 400 || res.JSON(t)["field"] != "limit" {
		t.Errorf("GET admin reports?limit=5000 = %d %s; want 400 naming limit", res.Status, res.Body)
	}
	res = do(t, s, req{method: "PUT", path: "/v1/reports"})
	if res.Status != http.StatusMethodNotAllowed {
		t.Errorf("PUT /v1/reports = %d; want 405", res.Status)
	}
}

func TestAuth(t *testing.T) {
	opts := testOptions()
	s := newAPI(t, opts)
	good := mint(t, s)
	_, foreign := token.NewIssuer([]byte("some-other-secret-entirely"), time.Hour, nil).Mint()
	_, expired := token.NewIssuer(testSecret, opts.TokenTTL, func() time.Time { return time.Now().Add(-25 * time.Hour) }).Mint()
	body := observations(observation("B0CHX1W1XY", 1000))
	tests := []struct {
		name   string
		header string
	}{
		{"no header", ""},
		{"empty bearer", "Bearer "},
		{"basic auth", "Basic dXNlcjpwYXNz"},
		{"forged", "Bearer " + foreign},
		{"expired", "Bearer " + expired},
		{"truncated", "Bearer " + good[:len(good)-1]},
		{"admin token is not a client token", "Bearer " + testAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/v1/observations", "/v1/reports"} {
				res := do(t, s, req{method: "POST", path: path, body: body, header: map[string]string{"Authorization": tt.header}})
				if res.Status != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("POST %s with %s = %d %s; want 401 with WWW-Authenticate", path, tt.name, res.Status, res.Body)
				}
			}
		})
	}
	if res := do(t, s, req{method: "POST", path: "/v1/observations", body: body, token: good}); res.Status != http.StatusOK {
		t.Errorf("POST /v1/observations with a good token = %d %s; want 200", res.Status, res.Body)
	}
	if res := do(t, s, req{method: "POST", path: "/v1/observations", body: body, header: map[string]string{"Authorization": "bearer " + good}}); res.Status != http.StatusOK {
		t.Errorf("POST /v1/observations with a lower-case scheme = %d %s; want 200", res.Status, res.Body)
	}
}

func TestAdminAuth(t *testing.T) {
	enabled := newAPI(t, testOptions())
	noAdmin := testOptions()
	noAdmin.AdminToken = ""
	disabled := newAPI(t, noAdmin)
	client := mint(t, enabled)
	routes := []struct{ method, path string }{
		{"GET", "/v1/admin/reports"},
		{"DELETE", "/v1/admin/sellers/JP/AIF4G7PLKBOZY/reports"},
	}
	tests := []struct {
		name   string
		s      *Server
		token  string
		status int
	}{
		{"no token", enabled, "", 401},
		{"wrong token", enabled, testAdmin + "x", 401},
		{"prefix of the token", enabled, testAdmin[:10], 401},
		{"client token", enabled, client, 401},
		{"right token", enabled, testAdmin, 200},
		{"disabled, empty token", disabled, "", 401},
		{"disabled, old token", disabled, testAdmin, 401},
	}
	for _, tt := range tests {
		for _, r := range routes {
			t.Run(tt.name+" "+r.method, func(t *testing.T) {
				res := do(t, tt.s, req{method: r.method, path: r.path, token: tt.token})
				if res.Status != tt.status {
					t.Errorf("%s %s with %s = %d %s; want %d", r.method, r.path, tt.name, res.Status, res.Body, tt.status)
				}
			})
		}
	}
}

// One IPv6 host holds a whole /64: limits counted per address would
// give it billions of fresh allowances.
func TestMintLimitIPv6Prefix(t *testing.T) {
	opts := testOptions()
	opts.MintPerMinute = 2
	s := newAPI(t, opts)
	for i, ip := range []string{"[2001:db8:1:2::1]", "[2001:db8:1:2:ffff::7]"} {
		if res := mintRes(t, s, req{ip: ip}); res.Status != http.StatusCreated {
			t.Fatalf("mint #%d from %s = %d %s; want 201", i+1, ip, res.Status, res.Body)
		}
	}
	if res := mintRes(t, s, req{ip: "[2001:db8:1:2:abcd::9]"}); res.Status != http.StatusTooManyRequests {
		t.Errorf("mint #3 from the same /64 = %d %s; want 429", res.Status, res.Body)
	}
	if res := mintRes(t, s, req{ip: "[2001:db8:1:3::1]"}); res.Status != http.StatusCreated {
		t.Errorf("mint from another /64 = %d %s; want 201", res.Status, res.Body)
	}
	// IPv4, mapped or not, is still one address per client.
	for _, ip := range []string{"192.0.2.10", "[::ffff:192.0.2.11]"} {
		if res := mintRes(t, s, req{ip: ip}); res.Status != http.StatusCreated {
			t.Errorf("mint from %s = %d %s; want 201", ip, res.Status, res.Body)
		}
	}
}

func TestMintLimit(t *testing.T) {
	opts := testOptions()
	opts.MintPerMinute = 3
	s := newAPI(t, opts)
	for i := range 3 {
		if res := mintRes(t, s, req{ip: "198.51.100.7"}); res.Status != http.StatusCreated {
			t.Fatalf("mint #%d = %d %s; want 201", i+1, res.Status, res.Body)
		}
	}
	res := mintRes(t, s, req{ip: "198.51.100.7"})
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("mint #4 from one IP = %d %s; want 429", res.Status, res.Body)
	}
	if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 || n > 20 {
		t.Errorf("mint #4 Retry-After = %q; want 1 to 20 seconds", res.Header.Get("Retry-After"))
	}
	if res := mintRes(t, s, req{ip: "198.51.100.8"}); res.Status != http.StatusCreated {
		t.Errorf("mint from another IP = %d; want 201", res.Status)
	}
	// The limiter's key holds a keyed hash of the IP, never the IP.
	keys, err := redisServer.Do("KEYS", "*198.51.100*")
	if err != nil || keys != "*0" {
		t.Errorf("KEYS *198.51.100* = %q, %v; want no key naming the IP", keys, err)
	}
	if n, _ := redisServer.Do("EVAL", "return #redis.call('KEYS', 'rate:mkw:v1:limit:mint:*')", "0"); n != "2" {
		t.Errorf("mint limiter keys = %s; want 2 (one per IP hash)", n)
	}
}

func TestWriteLimit(t *testing.T) {
	opts := testOptions()
	opts.WritesPerMinute = 2
	s := newAPI(t, opts)
	tok, other := mint(t, s), mint(t, s)
	body := observations(observation("B0CHX1W1XY", 1000))
	for i := range 2 {
		if res := do(t, s, req{method: "POST", path: "/v1/observations", token: tok, body: body}); res.Status != http.StatusOK {
			t.Fatalf("write #%d = %d %s; want 200", i+1, res.Status, res.Body)
		}
	}
	res := do(t, s, req{method: "POST", path: "/v1/reports", token: tok, body: `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["OTHER"]}`})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("write #3 = %d %s, Retry-After %q; want 429 with Retry-After", res.Status, res.Body, res.Header.Get("Retry-After"))
	}
	if res := do(t, s, req{method: "POST", path: "/v1/observations", token: other, body: body}); res.Status != http.StatusOK {
		t.Errorf("write from another client = %d; want 200", res.Status)
	}
}

func TestReadMissLimit(t *testing.T) {
	opts := testOptions()
	opts.ReadsPerMinute = 3
	s := newAPI(t, opts)
	for i := range 3 {
		if res := do(t, s, req{method: "GET", path: fmt.Sprintf("/v1/buckets/sellers/0%d", i)}); res.Status != http.StatusOK {
			t.Fatalf("read miss #%d = %d; want 200", i+1, res.Status)
		}
	}
	res := do(t, s, req{method: "GET", path: "/v1/buckets/sellers/09"})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("read miss #4 = %d, Retry-After %q; want 429 with Retry-After", res.Status, res.Header.Get("Retry-After"))
	}
	// Cache hits are not limited.
	for range 10 {
		if res := do(t, s, req{method: "GET", path: "/v1/buckets/sellers/00"}); res.Status != http.StatusOK {
			t.Fatalf("cached read = %d; want 200", res.Status)
		}
	}
}

func TestOneReportPerClient(t *testing.T) {
	s := newAPI(t, testOptions())
	spammer, honest := mint(t, s), mintFrom(t, s, "198.51.100.20")
	body := `{"marketplace":"JP","sellerId":"AIF4G7PLKBOZY","reasons":["COUNTERFEIT"]}`
	for i := range 50 {
		if res := do(t, s, req{method: "POST", path: "/v1/reports", token: spammer, body: body}); res.Status != http.StatusCreated {
			t.Fatalf("report #%d = %d %s; want 201", i+1, res.Status, res.Body)
		}
	}
	do(t, s, req{method: "POST", path: "/v1/reports", token: honest, ip: "198.51.100.20", body: body})
	res := readSeller(t, s, "AIF4G7PLKBOZY")
	rep := res.JSON(t)
	if rep["reports"] != 2.0 || rep["reporters"] != 2.0 || fmt.Sprint(rep["reasons"]) != "map[COUNTERFEIT:2]" {
		t.Errorf("seller after 50 reports from one client and 1 from another = %s; want 2 reports, 2 reporters", res.Body)
	}
}

func TestLowPriceFlood(t *testing.T) {
	s := newAPI(t, testOptions())
	const asin = "B0FLOODED0"
	for i := range 5 {
		ip := fmt.Sprintf("198.51.%d.1", i)
		tok := mintFrom(t, s, ip)
		do(t, s, req{method: "POST", path: "/v1/observations", token: tok, ip: ip, body: observations(observation(asin, 40000+i*100))})
	}
	before := readBaseline(t, s, asin).JSON(t)["median"]
	flooder := mint(t, s)
	for range 40 {
		items := make([]string, 50)
		for j := range items {
			items[j] = observation(asin, 2100)
		}
		do(t, s, req{method: "POST", path: "/v1/observations", token: flooder, body: observations(items...)})
	}
	res := readBaseline(t, s, asin)
	b := res.JSON(t)
	// ¥2,100 is far outside the established range: dropped on write.
	if b["n"] != 5.0 || b["contributors"] != 5.0 {
		t.Errorf("baseline after a flood = %s; want n 5, contributors 5", res.Body)
	}
	if m, _ := b["median"].(float64); m < 40000 {
		t.Errorf("baseline median after 2,000 low prices from one client = %v; want at least 40000 (was %v)", m, before)
	}
}

func TestNoCORS(t *testing.T) {
	s := newAPI(t, testOptions())
	for _, method := range []string{"OPTIONS", "GET"} {
		res := do(t, s, req{method: method, path: bucketPath(store.SellerBuckets, "AIF4G7PLKBOZY"), header: map[string]string{
			"Origin": "https://evil.example", "Access-Control-Request-Method": "GET",
		}})
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s with a web Origin: Access-Control-Allow-Origin = %q; want none", method, got)
		}
	}
}

func TestMintLimitBehindProxy(t *testing.T) {
	tests := []struct {
		name    string
		trusted string // MIKIWAME_TRUSTED_PROXIES
		first   string // X-Forwarded-For of the first mint
		second  string // and of the second
		want    int    // status of the second mint
	}{
		// Not trusted: the header is ignored, both are the proxy's one IP.
		{"no proxy trusted", "", "203.0.113.1", "203.0.113.2", http.StatusTooManyRequests},
		// Loopback is not trusted just because it is loopback.
		{"another proxy trusted", "10.0.0.0/8", "203.0.113.1", "203.0.113.2", http.StatusTooManyRequests},
		{"proxy trusted", "127.0.0.0/8", "203.0.113.1", "203.0.113.2", http.StatusCreated},
		// A client's own X-Forwarded-For is on the left; the proxy appends
		// the address it saw, which is what counts.
		{"spoofed left part", "127.0.0.0/8", "203.0.113.1", "198.51.100.9, 203.0.113.1", http.StatusTooManyRequests},
		{"chain of trusted proxies", "127.0.0.0/8,10.0.0.0/8", "203.0.113.1", "203.0.113.1, 10.1.2.3", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.MintPerMinute = 1
			for _, p := range strings.Split(tt.trusted, ",") {
				if p != "" {
					opts.TrustedProxies = append(opts.TrustedProxies, netip.MustParsePrefix(p))
				}
			}
			s := newAPI(t, opts)
			for i, xff := range []string{tt.first, tt.second} {
				res := mintRes(t, s, req{ip: "127.0.0.1", header: map[string]string{"X-Forwarded-For": xff}})
				want := http.StatusCreated
				if i == 1 {
					want = tt.want
				}
				if res.Status != want {
					t.Errorf("mint #%d via proxy, X-Forwarded-For %s = %d; want %d", i+1, xff, res.Status, want)
				}
			}
		})
	}
}
