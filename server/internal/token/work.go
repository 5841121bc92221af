package token

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// ErrWork is wrapped by every reason a proof of work is refused.
var ErrWork = errors.New("invalid proof of work")

// A challenge is stateless and signed:
//
//	w1.<random, 22 chars base64url>.<issued, Unix seconds>.<difficulty bits>.<signature>
//
// Its solution is a nonce (decimal digits) such that
// SHA-256(challenge + "." + nonce) starts with difficulty zero bits. The
// random part is what a store remembers to make each challenge single-use.
const (
	workVersion  = "w1"
	maxNonceLen  = 20
	maxChallenge = 128
)

// Work issues and checks proof-of-work challenges with one secret.
type Work struct {
	key        []byte
	difficulty int
	ttl        time.Duration
	now        func() time.Time
}

// NewWork returns challenges of difficulty leading zero bits (0 to 32)
// that must be solved within ttl.
func NewWork(secret []byte, difficulty int, ttl time.Duration, now func() time.Time) *Work {
	if now == nil {
		now = time.Now
	}
	return &Work{key: Derive(secret, "mint-work"), difficulty: difficulty, ttl: ttl, now: now}
}

// Difficulty is the number of leading zero bits a solution needs.
func (w *Work) Difficulty() int { return w.difficulty }

// Challenge returns a new challenge and when it expires.
func (w *Work) Challenge() (string, time.Time) {
	id := make([]byte, idBytes)
	rand.Read(id) // never fails (crypto/rand panics on a broken system)
	now := w.now()
	body := workVersion + "." + b64.EncodeToString(id) + "." + strconv.FormatInt(now.Unix(), 10) + "." + strconv.Itoa(w.difficulty)
	return body + "." + w.sign(body), now.Add(w.ttl).Truncate(time.Second)
}

func (w *Work) sign(body string) string {
	m := hmac.New(sha256.New, w.key)
	m.Write([]byte(body))
	return b64.EncodeToString(m.Sum(nil))
}

// Verify checks that nonce solves challenge, which this server issued,
// has not expired and is at least as hard as the current difficulty. It
// returns the challenge's random part and when it expires, for the caller
// to refuse a second use. One SHA-256 and one HMAC: microseconds.
func (w *Work) Verify(challenge, nonce string) (id string, expires time.Time, err error) {
	if len(challenge) > maxChallenge {
		return "", time.Time{}, fmt.Errorf("%w: challenge too long", ErrWork)
	}
	parts := strings.Split(challenge, ".")
	if len(parts) != 5 || parts[0] != workVersion || len(parts[1]) != idLen || len(parts[4]) != sigLen {
		return "", time.Time{}, fmt.Errorf("%w: not a %s challenge", ErrWork, workVersion)
	}
	body := strings.Join(parts[:4], ".")
	if !hmac.Equal([]byte(parts[4]), []byte(w.sign(body))) {
		return "", time.Time{}, fmt.Errorf("%w: challenge not issued here", ErrWork)
	}
	at, err1 := strconv.ParseInt(parts[2], 10, 64)
	bitsWanted, err2 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil {
		return "", time.Time{}, fmt.Errorf("%w: malformed challenge", ErrWork)
	}
	issued, now := time.Unix(at, 0), w.now()
	expires = issued.Add(w.ttl)
	if issued.After(now.Add(clockSkew)) || !now.Before(expires) {
		return "", time.Time{}, fmt.Errorf("%w: challenge expired: ask for a new one", ErrWork)
	}
	if bitsWanted < w.difficulty {
		return "", time.Time{}, fmt.Errorf("%w: challenge easier than the current difficulty: ask for a new one", ErrWork)
	}
	if nonce == "" || len(nonce) > maxNonceLen || strings.Trim(nonce, "0123456789") != "" {
		return "", time.Time{}, fmt.Errorf("%w: nonce must be 1 to %d decimal digits", ErrWork, maxNonceLen)
	}
	if LeadingZeroBits(challenge, nonce) < bitsWanted {
		return "", time.Time{}, fmt.Errorf("%w: the nonce does not solve the challenge", ErrWork)
	}
	return parts[1], expires, nil
}

// LeadingZeroBits counts the leading zero bits of
// SHA-256(challenge + "." + nonce).
func LeadingZeroBits(challenge, nonce string) int {
	h := sha256.Sum256([]byte(challenge + "." + nonce))
	n := 0
	for _, b := range h {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// Solve finds a nonce for challenge by trying 0, 1, 2, …; for tests and
// benchmarks (the extension solves in JavaScript).
func Solve(challenge string, difficulty int) string {
	for i := uint64(0); ; i++ {
		n := strconv.FormatUint(i, 10)
		if LeadingZeroBits(challenge, n) >= difficulty {
			return n
		}
	}
}
