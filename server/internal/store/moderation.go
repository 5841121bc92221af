package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/redis/go-redis/v9"
)

// ReportPage is one page of the admin list. Reports from one network block
// that follow each other are folded into one Folded item, so a flood is
// one line; Next is the cursor of the following page ("" at the end).
type ReportPage struct {
	Items []ReportItem `json:"items"`
	Next  string       `json:"next,omitempty"`
}

// ReportItem is one report, or a run of Count reports from one block of
// which Report is the newest.
type ReportItem struct {
	StoredReport
	Count   int `json:"count"`
	Sellers int `json:"sellers"` // distinct sellers in the run
}

// scanPerPage bounds the reports one page reads from Redis, folded or not.
const scanPerPage = 2000

// RecentReports lists live reports newest first: up to limit items,
// starting after cursor ("" for the newest). The list has no cap; a page
// reads at most scanPerPage reports. A cursor is "score:k": continue at
// the list's score (microseconds), after the k reports of that score
// already seen, so reports of the same instant are never skipped.
func (s *Store) RecentReports(ctx context.Context, limit int, cursor string) (_ ReportPage, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return ReportPage{}, err
	}
	defer func() { s.brk.leave(pass, err) }()

	top, skip := "+inf", int64(0)
	var at int64 = -1
	if cursor != "" {
		a, k, ok := strings.Cut(cursor, ":")
		var err1, err2 error
		at, err1 = strconv.ParseInt(a, 10, 64)
		skip, err2 = strconv.ParseInt(k, 10, 64)
		if !ok || err1 != nil || err2 != nil || at < 0 || skip < 0 {
			return ReportPage{}, ErrBadCursor
		}
		top = a
	}
	now := s.opts.Now()
	var members []redis.Z
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		s.trimRecent(ctx, p, now)
		return nil
	})
	if err == nil {
		members, err = s.rdb.ZRevRangeByScoreWithScores(ctx, recentReportsKey(), &redis.ZRangeBy{Max: top, Min: "-inf", Offset: skip, Count: scanPerPage}).Result()
	}
	if err != nil {
		return ReportPage{}, unavailable("list reports", err)
	}
	reports, err := s.lookupReports(ctx, members)
	if err != nil {
		return ReportPage{}, err
	}
	var page ReportPage
	sellers := map[string]bool{}
	consumed := 0
	for i, r := range reports {
		if r != nil {
			n := len(page.Items)
			if n > 0 && page.Items[n-1].Block == r.Block {
				page.Items[n-1].Count++
				if !sellers[r.SellerID] {
					sellers[r.SellerID] = true
					page.Items[n-1].Sellers++
				}
			} else if n == limit {
				break
			} else {
				sellers = map[string]bool{r.SellerID: true}
				page.Items = append(page.Items, ReportItem{StoredReport: *r, Count: 1, Sellers: 1})
			}
		}
		consumed = i + 1
	}
	if consumed < len(members) || len(members) == scanPerPage {
		last := int64(members[consumed-1].Score)
		k := int64(0)
		for _, z := range members[:consumed] {
			if int64(z.Score) == last {
				k++
			}
		}
		if last == at {
			k += skip
		}
		page.Next = strconv.FormatInt(last, 10) + ":" + strconv.FormatInt(k, 10)
	}
	return page, nil
}

// lookupReports reads the reports that admin-list members name; those
// dismissed or pushed out since are skipped. A member's score, when not
// negative, is its time in the list, which tells a replaced report.
// The answer is aligned with members, nil where a report is gone.
func (s *Store) lookupReports(ctx context.Context, members []redis.Z) ([]*StoredReport, error) {
	type lookup struct {
		m             market.Marketplace
		seller, block string
		counted       bool
		score         float64
		cmd           *redis.StringCmd
	}
	lookups := make([]lookup, len(members))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, z := range members {
			member, _ := z.Member.(string)
			m, seller, block, counted, ok := splitMember(member)
			if !ok {
				continue
			}
			lookups[i] = lookup{m, seller, block, counted, z.Score, p.HGet(ctx, sellerEntries(m, seller, counted).hash, block)}
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return nil, unavailable("read reports", err)
	}
	out := make([]*StoredReport, len(lookups))
	for i, l := range lookups {
		var r record
		if l.cmd == nil {
			continue
		}
		if v, err := l.cmd.Result(); err != nil || json.Unmarshal([]byte(v), &r) != nil {
			continue
		}
		// The block now holds a newer report: this one was replaced.
		if l.score >= 0 && (recentScore(r.At) > l.score+1e6 || recentScore(r.At) < l.score-1e6) {
			continue
		}
		sr := storedReport(l.m, l.seller, l.block, l.counted, r)
		out[i] = &sr
	}
	return out, nil
}

func storedReport(m market.Marketplace, seller, block string, counted bool, r record) StoredReport {
	return StoredReport{
		Report:   market.Report{Marketplace: m, SellerID: seller, ASIN: r.ASIN, Reasons: r.Reasons, Note: r.Note},
		ClientID: r.Client, Block: hex.EncodeToString([]byte(block)), Counted: counted, CreatedAt: r.At,
	}
}

// SellerView is everything a moderator sees about one seller.
type SellerView struct {
	Reputation market.SellerReputation `json:"reputation"`
	Reports    []StoredReport          `json:"reports"` // counted and pending, newest first
	Blocks     int                     `json:"blocks"`  // distinct reporting blocks, counted or not
}

// Seller returns a seller's reports, counted and pending (each bounded by
// MaxEntriesPerKey).
func (s *Store) Seller(ctx context.Context, m market.Marketplace, sellerID string) (_ SellerView, err error) {
	rep, err := s.Reputation(ctx, m, sellerID)
	if err != nil {
		return SellerView{}, err
	}
	pass, err := s.brk.enter()
	if err != nil {
		return SellerView{}, err
	}
	defer func() { s.brk.leave(pass, err) }()

	v := SellerView{Reputation: rep, Reports: []StoredReport{}}
	blocks := map[string]bool{}
	for _, counted := range []bool{true, false} {
		all, err := s.rdb.HGetAll(ctx, sellerEntries(m, sellerID, counted).hash).Result()
		if err != nil {
			return SellerView{}, unavailable("read reports", err)
		}
		for block, raw := range all {
			var r record
			if json.Unmarshal([]byte(raw), &r) != nil {
				continue
			}
			blocks[block] = true
			v.Reports = append(v.Reports, storedReport(m, sellerID, block, counted, r))
		}
	}
	v.Blocks = len(blocks)
	sortNewest(v.Reports)
	return v, nil
}

// ClientView is what a moderator sees about one client. Its prices are
// not listed: no index from a client to the products it saw is kept.
type ClientView struct {
	ClientID string         `json:"clientId"`
	DaysSeen int            `json:"daysSeen"`
	Revoked  bool           `json:"revoked"`
	Reports  []StoredReport `json:"reports"`
}

// Client returns a client's days seen, whether it is revoked and its live
// reports (bounded by the daily report quota times the report lifetime).
func (s *Store) Client(ctx context.Context, clientID string) (_ ClientView, err error) {
	pass, err := s.brk.enter()
	if err != nil {
		return ClientView{}, err
	}
	defer func() { s.brk.leave(pass, err) }()

	var days, revoked *redis.IntCmd
	var members *redis.StringSliceCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		days, revoked = p.SCard(ctx, clientDaysKey(clientID)), p.Exists(ctx, clientRevokedKey(clientID))
		members = p.SMembers(ctx, clientReportsKey(clientID))
		return nil
	})
	if err != nil {
		return ClientView{}, unavailable("read client", err)
	}
	zs := make([]redis.Z, 0, len(members.Val()))
	for _, m := range members.Val() {
		zs = append(zs, redis.Z{Member: m, Score: -1})
	}
	found, err := s.lookupReports(ctx, zs)
	if err != nil {
		return ClientView{}, err
	}
	v := ClientView{ClientID: clientID, DaysSeen: int(days.Val()), Revoked: revoked.Val() == 1, Reports: []StoredReport{}}
	for _, r := range found {
		// The block may since hold another client's report.
		if r != nil && r.ClientID == clientID {
			v.Reports = append(v.Reports, *r)
		}
	}
	sortNewest(v.Reports)
	return v, nil
}

func sortNewest(rs []StoredReport) {
	slices.SortStableFunc(rs, func(a, b StoredReport) int { return b.CreatedAt.Compare(a.CreatedAt) })
}
