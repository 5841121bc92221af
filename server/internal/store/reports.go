package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// maxRecent is a safety bound on the admin list of reports; live reports
// leave it when they expire.
const maxRecent = 1_000_000

// StoredReport is a report as the admin sees it.
type StoredReport struct {
	market.Report
	ClientID  string    `json:"clientId"`
	Block     string    `json:"block"`   // hex of the reporter's network-block hash
	Counted   bool      `json:"counted"` // false: the client was not trusted yet
	CreatedAt time.Time `json:"createdAt"`
}

// record is a report as stored in a seller's hash; the field is the
// reporter's network block.
type record struct {
	Client  string    `json:"client"`
	ASIN    string    `json:"asin,omitempty"`
	Reasons []string  `json:"reasons"`
	Note    string    `json:"note,omitempty"`
	At      time.Time `json:"at"`
}

// AddReport records c's report of a seller: one per network block (the
// newest wins) and, when counting, one per client. The caller has
// validated it. It says whether the report counts (c is trusted).
func (s *Store) AddReport(ctx context.Context, c Contributor, r market.Report) (counted bool, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return false, err
	}
	defer func() { s.brk.leave(pass, err) }()

	trusted, err := s.checkClient(ctx, c, "reports", 1, s.opts.DailyReports)
	if err != nil {
		return false, err
	}
	now := s.opts.Now().UTC()
	j, _ := json.Marshal(record{Client: c.ClientID, ASIN: r.ASIN, Reasons: r.Reasons, Note: r.Note, At: now.Truncate(time.Second)})
	k := sellerEntries(r.Marketplace, r.SellerID, trusted)
	block := blockField(c.Block)
	member := recentMember(r.Marketplace, r.SellerID, block, trusted)
	_, err = s.pipelineScripts(ctx, func(p redis.Pipeliner, withBody bool) []*redis.Cmd {
		cmd := runBounded(ctx, p, withBody,
			[]string{k.hash, k.order, reputationKey(r.Marketplace, r.SellerID), reputationKey(r.Marketplace, r.SellerID)},
			block, j, now.Unix(), s.opts.MaxEntriesPerKey, s.opts.ReportTTL.Milliseconds(), 0, 0)
		return []*redis.Cmd{cmd}
	})
	if err != nil {
		return false, storageError("add report", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		s.trimRecent(ctx, p, now)
		p.ZAdd(ctx, recentReportsKey(), redis.Z{Score: recentScore(now), Member: member})
		p.SAdd(ctx, clientReportsKey(c.ClientID), member)
		p.Expire(ctx, clientReportsKey(c.ClientID), s.opts.ReportTTL)
		if trusted {
			indexWrites(ctx, p, SellerBuckets, r.Marketplace, r.SellerID, now, s.opts.ReportTTL)
		}
		return nil
	})
	return trusted, storageError("list report", err)
}

// recentScore orders the admin list in microseconds, so that a cursor
// (the last score seen) rarely meets a tie.
func recentScore(t time.Time) float64 { return float64(t.UnixMicro()) }

// trimRecent drops expired entries and keeps the list bounded.
func (s *Store) trimRecent(ctx context.Context, p redis.Pipeliner, now time.Time) {
	p.ZRemRangeByScore(ctx, recentReportsKey(), "-inf", "("+strconv.FormatFloat(recentScore(now.Add(-s.opts.ReportTTL)), 'f', 0, 64))
	p.ZRemRangeByRank(ctx, recentReportsKey(), 0, -(maxRecent + 1))
}

// Reputation sums up a seller's live, counted reports. An unknown seller
// has zero counts, not an error.
func (s *Store) Reputation(ctx context.Context, m market.Marketplace, sellerID string) (_ market.SellerReputation, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return market.SellerReputation{}, err
	}
	defer func() { s.brk.leaveKey(pass, reportsKey(m, sellerID), err) }()

	c, ok, err := loadComputed[market.SellerReputation](ctx, s, reputationKey(m, sellerID))
	switch {
	case err != nil:
		return market.SellerReputation{}, unavailable("read reputation", err)
	case ok:
		return c.Value, nil
	}
	return s.computeReputation(ctx, m, sellerID)
}

// liveReports reads one of a seller's report hashes (bounded by
// MaxEntriesPerKey) and keeps, per client, its newest live report; revoked
// clients' reports are left out. It also returns the fields to prune.
func (s *Store) liveReports(ctx context.Context, key string) (map[string]record, []string, error) {
	all, err := s.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return nil, nil, err
	}
	oldest := s.opts.Now().Add(-s.opts.ReportTTL)
	byClient := make(map[string]record)
	blockOf := make(map[string]string)
	var expired []string
	for block, v := range all {
		var r record
		if json.Unmarshal([]byte(v), &r) != nil || r.Client == "" || r.At.Before(oldest) {
			expired = append(expired, block)
			continue
		}
		if old, ok := byClient[r.Client]; !ok || r.At.After(old.At) {
			byClient[r.Client], blockOf[r.Client] = r, block
		}
	}
	tags := make([]string, 0, len(byClient))
	byTag := make(map[string]string)
	for client := range byClient {
		t := clientTag(client)
		tags = append(tags, t)
		byTag[t] = client
	}
	revoked, err := s.revoked(ctx, tags)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string]record, len(byClient))
	for client, r := range byClient {
		if !revoked[clientTag(client)] {
			out[blockOf[client]] = r
		}
	}
	return out, expired, nil
}

func (s *Store) computeReputation(ctx context.Context, m market.Marketplace, sellerID string) (market.SellerReputation, error) {
	gen, err := s.revocations(ctx)
	if err != nil {
		return market.SellerReputation{}, unavailable("read revocations", err)
	}
	rk := reportsKey(m, sellerID)
	live, expired, err := s.liveReports(ctx, rk)
	if err != nil {
		return market.SellerReputation{}, unavailable("read reports", err)
	}
	now := s.opts.Now()
	rep := market.SellerReputation{Reasons: map[string]int{}}
	for _, r := range live {
		// One entry per network block and per client: every one is a
		// distinct reporter from a distinct network.
		rep.Reports++
		rep.Reporters++
		for _, reason := range r.Reasons {
			rep.Reasons[reason]++
		}
		at := r.At
		if rep.FirstAt == nil || at.Before(*rep.FirstAt) {
			rep.FirstAt = &at
		}
		if rep.LastAt == nil || at.After(*rep.LastAt) {
			rep.LastAt = &at
		}
	}
	// Reuse it until the oldest report expires, at the latest.
	until := now.Add(computedTTL)
	if rep.FirstAt != nil && rep.FirstAt.Add(s.opts.ReportTTL).Before(until) {
		until = rep.FirstAt.Add(s.opts.ReportTTL)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if len(expired) > 0 {
			p.HDel(ctx, rk, expired...)
			p.ZRem(ctx, sellerEntries(m, sellerID, true).order, toAny(expired)...)
		}
		saveComputed(ctx, p, reputationKey(m, sellerID), until, gen, true, rep)
		return nil
	})
	if err != nil && !errors.Is(storageError("", err), ErrFull) {
		return market.SellerReputation{}, unavailable("cache reputation", err)
	}
	return rep, nil
}

// DismissReports deletes every report of a seller, counted or not (an
// upheld appeal), and returns how many there were.
func (s *Store) DismissReports(ctx context.Context, m market.Marketplace, sellerID string) (_ int, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return 0, err
	}
	defer func() { s.brk.leave(pass, err) }()

	var counted, pending *redis.StringSliceCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		counted, pending = p.HKeys(ctx, reportsKey(m, sellerID)), p.HKeys(ctx, sellerEntries(m, sellerID, false).hash)
		return nil
	})
	if err != nil {
		return 0, unavailable("read reports", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		c, pe := sellerEntries(m, sellerID, true), sellerEntries(m, sellerID, false)
		p.Del(ctx, c.hash, c.order, pe.hash, pe.order)
		p.Del(ctx, reputationKey(m, sellerID))
		p.ZRem(ctx, bucketKey(SellerBuckets, BucketOf(SellerBuckets, m, sellerID)), indexMember(m, sellerID))
		for _, b := range counted.Val() {
			p.ZRem(ctx, recentReportsKey(), recentMember(m, sellerID, b, true))
		}
		for _, b := range pending.Val() {
			p.ZRem(ctx, recentReportsKey(), recentMember(m, sellerID, b, false))
		}
		return nil
	})
	if err != nil {
		return 0, unavailable("dismiss reports", err)
	}
	return len(counted.Val()) + len(pending.Val()), nil
}

// recentMember names a report in the admin list: marketplace, seller, the
// hex of the reporter's block and c (counted) or p (pending).
func recentMember(m market.Marketplace, sellerID, block string, counted bool) string {
	flag := "p"
	if counted {
		flag = "c"
	}
	return string(m) + "|" + sellerID + "|" + hex.EncodeToString([]byte(block)) + "|" + flag
}

func splitMember(member string) (m market.Marketplace, sellerID, block string, counted, ok bool) {
	parts := strings.Split(member, "|")
	if len(parts) != 4 {
		return "", "", "", false, false
	}
	b, err := hex.DecodeString(parts[2])
	if err != nil {
		return "", "", "", false, false
	}
	return market.Marketplace(parts[0]), parts[1], string(b), parts[3] == "c", true
}
