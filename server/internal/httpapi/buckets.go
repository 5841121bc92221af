package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mikiwame/mikiwame/server/internal/cache"
	"github.com/mikiwame/mikiwame/server/internal/store"
)

// bucketAnswer is a bucket's answer as the cache keeps it: the JSON, the
// same gzipped once, and their entity tags, so a hit costs no encoding.
type bucketAnswer struct {
	body, gz       []byte
	etag, gzipETag string
}

// bucketBody is the JSON of a bucket: every entry keyed by its full hash
// (store.BucketHash), so the answer names no product or seller either.
type bucketBody[T any] struct {
	Scheme  string       `json:"scheme"`
	Kind    string       `json:"kind"`
	Prefix  string       `json:"prefix"`
	Entries map[string]T `json:"entries"`
}

// newBucketAnswer encodes entries; map keys encode sorted, so equal
// contents give equal bytes and equal tags on every server.
func newBucketAnswer[T any](kind, bucket string, entries []store.BucketEntry[T]) bucketAnswer {
	b := bucketBody[T]{Scheme: store.BucketScheme, Kind: kind, Prefix: bucket, Entries: make(map[string]T, len(entries))}
	for _, e := range entries {
		b.Entries[e.Hash] = e.Value
	}
	body := encodeJSON(b)
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // once per load, served many times
	w.Write(body)
	w.Close()
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	return bucketAnswer{body: body, gz: gz.Bytes(), etag: `"` + tag + `"`, gzipETag: `"` + tag + `-gz"`}
}

func (s *Server) loadBaselineBucket(ctx context.Context, bucket string) (bucketAnswer, error) {
	entries, err := s.store.BaselineBucket(ctx, bucket)
	if err != nil {
		return bucketAnswer{}, err
	}
	return newBucketAnswer(store.BaselineBuckets, bucket, entries), nil
}

func (s *Server) loadSellerBucket(ctx context.Context, bucket string) (bucketAnswer, error) {
	entries, err := s.store.SellerBucket(ctx, bucket)
	if err != nil {
		return bucketAnswer{}, err
	}
	return newBucketAnswer(store.SellerBuckets, bucket, entries), nil
}

func (s *Server) getBaselineBucket(c echo.Context) error {
	return s.serveBucket(c, store.BaselineBuckets, "baseline", s.baselineBuckets)
}

func (s *Server) getSellerBucket(c echo.Context) error {
	return s.serveBucket(c, store.SellerBuckets, "seller", s.sellerBuckets)
}

// serveBucket answers a bucket read from the cache (a miss loads it). The
// answer is the same for every shopper, so shared caches may keep it:
// public, with a max-age, an entity tag and Vary: Accept-Encoding, and
// never a cookie. Header values are shared read-only slices, set without
// canonicalizing: this is the hot path.
func (s *Server) serveBucket(c echo.Context, kind, name string, ch *cache.Cache[bucketAnswer]) error {
	bucket, err := bucketPrefix(c, kind)
	if err != nil {
		return err
	}
	a, err := cachedRead(s, c, name, ch, bucket)
	if err != nil {
		return err
	}
	req := c.Request()
	gz := acceptsGzip(req.Header.Get("Accept-Encoding"))
	tag, body := a.etag, a.body
	if gz {
		tag, body = a.gzipETag, a.gz
	}
	h := c.Response().Header()
	h["Cache-Control"] = s.bucketCacheControl
	h["Vary"] = varyEncoding
	h["Etag"] = []string{tag}
	if inm := req.Header.Get("If-None-Match"); inm != "" && a.matches(inm) {
		return c.NoContent(http.StatusNotModified)
	}
	if gz {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Type"] = jsonType
	c.Response().WriteHeader(http.StatusOK)
	_, err = c.Response().Write(body)
	return err
}

var (
	varyEncoding = []string{"Accept-Encoding"}
	gzipEncoding = []string{"gzip"}
	jsonType     = []string{echo.MIMEApplicationJSON}
)

// bucketPrefix is the :prefix of a bucket route, validated.
func bucketPrefix(c echo.Context, kind string) (string, error) {
	p := c.Param("prefix")
	if !store.ValidBucket(kind, p) {
		return "", invalid("prefix", "want %d lower-case hex digits of the scheme %s hash, got %s", store.BucketPrefixLen(kind), store.BucketScheme, quote(p))
	}
	return p, nil
}

// acceptsGzip reads Accept-Encoding: gzip (or *) with a q above 0.
func acceptsGzip(h string) bool {
	for h != "" {
		var part string
		part, h, _ = strings.Cut(h, ",")
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.TrimSpace(coding)
		if !strings.EqualFold(coding, "gzip") && coding != "*" {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// matches reports whether If-None-Match lists either tag of a (weakly
// compared, as RFC 9110 says for If-None-Match), or is "*".
func (a bucketAnswer) matches(inm string) bool {
	for inm != "" {
		var t string
		t, inm, _ = strings.Cut(inm, ",")
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == a.etag || t == a.gzipETag {
			return true
		}
	}
	return false
}

// maxAge is the Cache-Control max-age of a bucket answer: as long as this
// server's own cache serves it without asking Redis, at least a second.
func maxAge(fresh time.Duration) []string {
	return []string{"public, max-age=" + strconv.Itoa(max(1, int((fresh+time.Second-1)/time.Second)))}
}
