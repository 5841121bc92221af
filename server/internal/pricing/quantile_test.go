package pricing

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// reference computes the same quantile by sorting: the obvious way.
func reference(xs []int64, q float64) int64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	h := q * float64(len(s)-1)
	k := int(h)
	if k+1 >= len(s) {
		return s[k]
	}
	return s[k] + int64(math.Round((h-float64(k))*float64(s[k+1]-s[k])))
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		in   []int64
		want Quantiles
	}{
		{"empty", nil, Quantiles{}},
		{"one", []int64{500}, Quantiles{500, 500, 500}},
		{"two", []int64{100, 200}, Quantiles{125, 150, 175}},
		{"three", []int64{300, 100, 200}, Quantiles{150, 200, 250}},
		{"four", []int64{4, 1, 3, 2}, Quantiles{2, 3, 3}}, // 1.75, 2.5, 3.25 rounded half away from zero
		{"five", []int64{50, 10, 40, 20, 30}, Quantiles{20, 30, 40}},
		{"all equal", []int64{7, 7, 7, 7, 7, 7}, Quantiles{7, 7, 7}},
		{"outlier", []int64{1000, 1000, 1010, 990, 1, 1005, 995}, Quantiles{993, 1000, 1003}},
		{"yen", []int64{40800, 39800, 41000, 2100, 40500}, Quantiles{39800, 40500, 40800}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			if got := Summarize(in); got != tt.want {
				t.Errorf("Summarize(%v) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSummarizeMatchesSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 4, 5, 10, 11, 50, 51, 200, 1000} {
		for _, spread := range []int64{3, 1000, 1 << 40} {
			xs := make([]int64, n)
			for i := range xs {
				xs[i] = r.Int64N(spread)
			}
			want := Quantiles{reference(xs, 0.25), reference(xs, 0.5), reference(xs, 0.75)}
			if got := Summarize(slices.Clone(xs)); got != want {
				t.Errorf("Summarize(n=%d, spread=%d) = %+v; want %+v", n, spread, got, want)
			}
		}
	}
}

func TestSelect(t *testing.T) {
	inputs := map[string][]int64{
		"sorted":   {1, 2, 3, 4, 5, 6, 7, 8, 9},
		"reversed": {9, 8, 7, 6, 5, 4, 3, 2, 1},
		"organ":    {1, 3, 5, 7, 9, 8, 6, 4, 2},
		"dupes":    {5, 1, 5, 1, 5, 1, 5, 1, 5},
		"negative": {-3, 0, math.MaxInt64, math.MinInt64, 2},
	}
	for name, in := range inputs {
		sorted := slices.Sorted(slices.Values(in))
		for k := range in {
			t.Run(fmt.Sprintf("%s/%d", name, k), func(t *testing.T) {
				xs := slices.Clone(in)
				Select(xs, k)
				if xs[k] != sorted[k] {
					t.Fatalf("Select(%v, %d) put %d at k; want %d", in, k, xs[k], sorted[k])
				}
				for i, x := range xs {
					if (i < k && x > xs[k]) || (i > k && x < xs[k]) {
						t.Fatalf("Select(%v, %d) = %v; want a partition around index %d", in, k, xs, k)
					}
				}
			})
		}
	}
}

func TestSelectOutOfRangePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Select(xs, 3) on 3 values did not panic; want a panic")
		}
	}()
	Select([]int64{1, 2, 3}, 3)
}

func TestCrowd(t *testing.T) {
	fair := func(n int, price int64) []Point {
		var ps []Point
		for i := range n {
			ps = append(ps, Point{Client: fmt.Sprintf("c%d", i), Price: price + int64(i)*10})
		}
		return ps
	}
	flood := func(client string, n int, price int64) []Point {
		var ps []Point
		for range n {
			ps = append(ps, Point{Client: client, Price: price})
		}
		return ps
	}
	tests := []struct {
		name             string
		points           []Point
		wantMedian       int64
		wantN, wantClnts int
	}{
		{"five fair clients", fair(5, 1000), 1020, 5, 5},
		{"one client floods low", append(fair(5, 1000), flood("evil", 500, 1)...), 1015, 505, 6},
		{"one client floods high", append(fair(5, 1000), flood("evil", 500, 1<<40)...), 1025, 505, 6},
		{"a client's own median counts", []Point{{"a", 100}, {"a", 900}, {"a", 200}, {"b", 300}, {"c", 400}}, 300, 5, 3},
		{"nothing", nil, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Crowd(tt.points)
			if got.Median != tt.wantMedian || got.N != tt.wantN || got.Contributors != tt.wantClnts {
				t.Errorf("Crowd(%s) = median %d, n %d, contributors %d; want %d, %d, %d",
					tt.name, got.Median, got.N, got.Contributors, tt.wantMedian, tt.wantN, tt.wantClnts)
			}
		})
	}
}

func benchInput(n int) []int64 {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	xs := make([]int64, n)
	for i := range xs {
		xs[i] = 10000 + r.Int64N(5000)
	}
	return xs
}

var sink Quantiles

func BenchmarkSummarize(b *testing.B) {
	for _, n := range []int{50, 200, 1000, 10000} {
		in := benchInput(n)
		buf := make([]int64, n)
		b.Run(fmt.Sprintf("quickselect/%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, in)
				sink = Summarize(buf)
			}
		})
		b.Run(fmt.Sprintf("sort/%d", n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, in)
				slices.Sort(buf)
				sink = Quantiles{P25: buf[n/4], Median: buf[n/2], P75: buf[3*n/4]}
			}
		})
	}
}
