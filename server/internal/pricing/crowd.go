package pricing

// Point is one observation that counts: the store keeps one per client per
// product per day, and drops those outside the rolling window.
type Point struct {
	Client string
	Price  int64
}

// Result is a crowd baseline before it is dressed as a market.Baseline.
type Result struct {
	Quantiles
	N            int // observations
	Contributors int // distinct clients
}

// Crowd summarizes points so that no single client can move the result:
// each client's prices are first reduced to that client's own median, and
// the quartiles are taken over those per-client medians. A client that
// floods low prices therefore casts exactly one vote, like everyone else.
func Crowd(points []Point) Result {
	byClient := make(map[string][]int64)
	for _, p := range points {
		byClient[p.Client] = append(byClient[p.Client], p.Price)
	}
	votes := make([]int64, 0, len(byClient))
	for _, prices := range byClient {
		votes = append(votes, Summarize(prices).Median)
	}
	return Result{Quantiles: Summarize(votes), N: len(points), Contributors: len(byClient)}
}
