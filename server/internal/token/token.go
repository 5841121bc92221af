// Package token mints and checks the anonymous client tokens of the API.
// A token is a random client ID, the time it was issued and an
// HMAC-SHA256 over both: no account, no server-side state, nothing about
// the person holding it.
//
//	v1.<client id, 22 chars base64url>.<issued, Unix seconds>.<signature, 43 chars base64url>
package token

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrInvalid is wrapped by every reason a token is refused.
var ErrInvalid = errors.New("invalid token")

const (
	version   = "v1"
	idBytes   = 16
	idLen     = 22 // base64url of 16 bytes, unpadded
	sigLen    = 43 // base64url of 32 bytes, unpadded
	maxLen    = 128
	clockSkew = 5 * time.Minute // tolerated between servers behind one balancer
)

var b64 = base64.RawURLEncoding

// Issuer mints and verifies tokens with one secret.
type Issuer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewIssuer returns an Issuer whose tokens are valid for ttl. The signing
// key is derived from secret, so the same secret may key other things.
func NewIssuer(secret []byte, ttl time.Duration, now func() time.Time) *Issuer {
	if now == nil {
		now = time.Now
	}
	return &Issuer{key: Derive(secret, "client-token"), ttl: ttl, now: now}
}

// Derive returns a key for one purpose from a shared secret.
func Derive(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("mikiwame " + purpose))
	return m.Sum(nil)
}

// Mint returns a new random client ID and its token.
func (is *Issuer) Mint() (clientID, token string) {
	id := make([]byte, idBytes)
	rand.Read(id) // never fails (crypto/rand panics on a broken system)
	clientID = b64.EncodeToString(id)
	body := version + "." + clientID + "." + strconv.FormatInt(is.now().Unix(), 10)
	return clientID, body + "." + is.sign(body)
}

func (is *Issuer) sign(body string) string {
	m := hmac.New(sha256.New, is.key)
	m.Write([]byte(body))
	return b64.EncodeToString(m.Sum(nil))
}

// ValidClientID says whether id has the form of a minted client ID.
func ValidClientID(id string) bool {
	if len(id) != idLen {
		return false
	}
	_, err := b64.DecodeString(id)
	return err == nil
}

// Verify checks token and returns its client ID. Every failure wraps
// ErrInvalid; the signature is compared in constant time.
func (is *Issuer) Verify(token string) (string, error) {
	id, _, err := is.VerifyIssued(token)
	return id, err
}

// VerifyIssued is Verify that also returns when the token was minted: a
// client's age is what lets its contributions count.
func (is *Issuer) VerifyIssued(token string) (string, time.Time, error) {
	if len(token) > maxLen {
		return "", time.Time{}, fmt.Errorf("%w: too long", ErrInvalid)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 4 || parts[0] != version {
		return "", time.Time{}, fmt.Errorf("%w: not a %s token", ErrInvalid, version)
	}
	id, issued, sig := parts[1], parts[2], parts[3]
	if len(id) != idLen || len(sig) != sigLen {
		return "", time.Time{}, fmt.Errorf("%w: malformed", ErrInvalid)
	}
	if _, err := b64.DecodeString(id); err != nil {
		return "", time.Time{}, fmt.Errorf("%w: malformed client id", ErrInvalid)
	}
	body := parts[0] + "." + id + "." + issued
	if !hmac.Equal([]byte(sig), []byte(is.sign(body))) {
		return "", time.Time{}, fmt.Errorf("%w: bad signature", ErrInvalid)
	}
	// The time is only trusted once the signature is.
	at, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("%w: malformed issue time", ErrInvalid)
	}
	t, now := time.Unix(at, 0), is.now()
	if t.After(now.Add(clockSkew)) {
		return "", time.Time{}, fmt.Errorf("%w: issued in the future", ErrInvalid)
	}
	if now.Sub(t) > is.ttl {
		return "", time.Time{}, fmt.Errorf("%w: expired", ErrInvalid)
	}
	return id, t, nil
}
