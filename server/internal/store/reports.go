package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// maxRecent caps the admin list of recent reports.
const maxRecent = 10000

// StoredReport is a report as the admin sees it.
type StoredReport struct {
	market.Report
	ClientID  string    `json:"clientId"`
	CreatedAt time.Time `json:"createdAt"`
}

// record is a report as stored in a seller's hash; the seller and the
// client are the key and the field.
type record struct {
	ASIN    string    `json:"asin,omitempty"`
	Reasons []string  `json:"reasons"`
	Note    string    `json:"note,omitempty"`
	At      time.Time `json:"at"`
}

// AddReport records clientID's report of a seller, replacing any earlier
// one from the same client. The caller has validated it.
func (s *Store) AddReport(ctx context.Context, clientID string, r market.Report) (err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return err
	}
	defer func() { s.brk.leave(probe, err) }()

	now := s.opts.Now().UTC().Truncate(time.Second)
	j, _ := json.Marshal(record{ASIN: r.ASIN, Reasons: r.Reasons, Note: r.Note, At: now})
	rk := reportsKey(r.Marketplace, r.SellerID)
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, rk, clientID, j)
		p.Expire(ctx, rk, s.opts.ReportTTL)
		p.Del(ctx, reputationKey(r.Marketplace, r.SellerID))
		s.trimRecent(ctx, p, now)
		p.ZAdd(ctx, recentReportsKey(), redis.Z{Score: float64(now.Unix()), Member: recentMember(r.Marketplace, r.SellerID, clientID)})
		return nil
	})
	return unavailable("add report", err)
}

// trimRecent drops expired entries and keeps the list bounded.
func (s *Store) trimRecent(ctx context.Context, p redis.Pipeliner, now time.Time) {
	p.ZRemRangeByScore(ctx, recentReportsKey(), "-inf", "("+strconv.FormatInt(now.Add(-s.opts.ReportTTL).Unix(), 10))
	p.ZRemRangeByRank(ctx, recentReportsKey(), 0, -(maxRecent + 1))
}

// Reputation sums up a seller's live reports. An unknown seller has zero
// counts, not an error.
func (s *Store) Reputation(ctx context.Context, m market.Marketplace, sellerID string) (_ market.SellerReputation, err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return market.SellerReputation{}, err
	}
	defer func() { s.brk.leave(probe, err) }()

	c, ok, err := loadComputed[market.SellerReputation](ctx, s, reputationKey(m, sellerID))
	switch {
	case err != nil:
		return market.SellerReputation{}, unavailable("read reputation", err)
	case ok:
		return c.Value, nil
	}
	return s.computeReputation(ctx, m, sellerID)
}

func (s *Store) computeReputation(ctx context.Context, m market.Marketplace, sellerID string) (market.SellerReputation, error) {
	rk := reportsKey(m, sellerID)
	all, err := s.rdb.HGetAll(ctx, rk).Result()
	if err != nil {
		return market.SellerReputation{}, unavailable("read reports", err)
	}
	now := s.opts.Now()
	oldest := now.Add(-s.opts.ReportTTL)
	rep := market.SellerReputation{Reasons: map[string]int{}}
	var expired []string
	for client, v := range all {
		var r record
		if json.Unmarshal([]byte(v), &r) != nil || r.At.Before(oldest) {
			expired = append(expired, client)
			continue
		}
		// One field per client: every live report is a distinct reporter.
		rep.Reports++
		rep.Reporters++
		for _, reason := range r.Reasons {
			rep.Reasons[reason]++
		}
		if rep.FirstAt == nil || r.At.Before(*rep.FirstAt) {
			rep.FirstAt = &r.At
		}
		if rep.LastAt == nil || r.At.After(*rep.LastAt) {
			rep.LastAt = &r.At
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
		}
		saveComputed(ctx, p, reputationKey(m, sellerID), until, true, rep)
		return nil
	})
	if err != nil {
		return market.SellerReputation{}, unavailable("cache reputation", err)
	}
	return rep, nil
}

// RecentReports lists up to limit live reports, newest first.
func (s *Store) RecentReports(ctx context.Context, limit int) (_ []StoredReport, err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return nil, err
	}
	defer func() { s.brk.leave(probe, err) }()

	now := s.opts.Now()
	var members []redis.Z
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		s.trimRecent(ctx, p, now)
		return nil
	})
	if err == nil {
		members, err = s.rdb.ZRevRangeWithScores(ctx, recentReportsKey(), 0, int64(limit)-1).Result()
	}
	if err != nil {
		return nil, unavailable("list reports", err)
	}
	type lookup struct {
		m, seller, client string
		cmd               *redis.StringCmd
	}
	var lookups []lookup
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, z := range members {
			member, _ := z.Member.(string)
			m, seller, client, ok := splitMember(member)
			if !ok {
				continue
			}
			lookups = append(lookups, lookup{m, seller, client, p.HGet(ctx, reportsKey(market.Marketplace(m), seller), client)})
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, unavailable("read reports", err)
	}
	out := make([]StoredReport, 0, len(lookups))
	for _, l := range lookups {
		var r record
		// Missing: dismissed while listed; skip it.
		if v, err := l.cmd.Result(); err != nil || json.Unmarshal([]byte(v), &r) != nil {
			continue
		}
		out = append(out, StoredReport{
			Report: market.Report{
				Marketplace: market.Marketplace(l.m), SellerID: l.seller,
				ASIN: r.ASIN, Reasons: r.Reasons, Note: r.Note,
			},
			ClientID:  l.client,
			CreatedAt: r.At,
		})
	}
	return out, nil
}

// DismissReports deletes every report of a seller (an upheld appeal) and
// returns how many there were.
func (s *Store) DismissReports(ctx context.Context, m market.Marketplace, sellerID string) (_ int, err error) {
	probe, err := s.brk.enter()
	if err != nil {
		return 0, err
	}
	defer func() { s.brk.leave(probe, err) }()

	rk := reportsKey(m, sellerID)
	clients, err := s.rdb.HKeys(ctx, rk).Result()
	if err != nil {
		return 0, unavailable("read reports", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, rk)
		p.Del(ctx, reputationKey(m, sellerID))
		for _, c := range clients {
			p.ZRem(ctx, recentReportsKey(), recentMember(m, sellerID, c))
		}
		return nil
	})
	if err != nil {
		return 0, unavailable("dismiss reports", err)
	}
	return len(clients), nil
}
