// Package pricing computes robust market-price baselines from anonymous
// price observations. It is pure: no I/O, no clock of its own.
package pricing

import (
	"math"
	"math/bits"
	"slices"
)

// Quantiles holds the median and quartiles of a sample.
type Quantiles struct {
	P25, Median, P75 int64
}

// Summarize returns the quartiles of xs by linear interpolation between
// order statistics (the definition spreadsheets and NumPy use by default),
// rounded to the nearest unit. It reorders xs in place and runs in expected
// linear time by quickselect. An empty xs gives zeros.
func Summarize(xs []int64) Quantiles {
	n := len(xs)
	if n == 0 {
		return Quantiles{}
	}
	// Selecting the median partitions xs around it, so each quartile
	// only searches its own half.
	mid := (n - 1) / 2
	h := float64(n - 1)
	return Quantiles{
		Median: interpolate(xs, 0, n, 0.5*h),
		P25:    interpolate(xs, 0, mid+1, 0.25*h),
		P75:    interpolate(xs, mid, n, 0.75*h),
	}
}

// interpolate returns the value at fractional rank h, knowing that ranks
// lo..hi-1 are held, in some order, by xs[lo:hi].
func interpolate(xs []int64, lo, hi int, h float64) int64 {
	k := int(h)
	Select(xs[lo:hi], k-lo)
	v := xs[k]
	frac := h - float64(k)
	if frac == 0 || k+1 >= len(xs) {
		return v
	}
	// Everything right of k is >= v, so rank k+1 is the smallest of them.
	rest := xs[k+1 : hi]
	if k+1 >= hi {
		rest = xs[hi:]
	}
	next := slices.Min(rest)
	return v + int64(math.Round(frac*float64(next-v)))
}

// Select reorders xs so that xs[k] is the k-th smallest value (from 0),
// everything before it is <= and everything after it is >=. It panics if
// k is out of range, like an index would.
//
// Prices come from the public, so the input may be adversarial: after
// twice the expected number of partition rounds it falls back to sorting,
// which bounds the worst case at O(n log n).
func Select(xs []int64, k int) {
	if k < 0 || k >= len(xs) {
		panic("pricing.Select: k out of range")
	}
	lo, hi := 0, len(xs)-1
	budget := 2 * bits.Len(uint(len(xs)))
	for lo < hi {
		if budget == 0 {
			slices.Sort(xs[lo : hi+1])
			return
		}
		budget--
		eqLo, eqHi := partition(xs, lo, hi)
		switch {
		case k < eqLo:
			hi = eqLo - 1
		case k > eqHi:
			lo = eqHi + 1
		default:
			return
		}
	}
}

// partition splits xs[lo:hi+1] around a median-of-three pivot and returns
// the range xs[eqLo:eqHi+1] of values equal to it, which are in their
// final places.
func partition(xs []int64, lo, hi int) (eqLo, eqHi int) {
	mid := lo + (hi-lo)/2
	// Order lo, mid, hi so the median of the three sits at mid.
	if xs[mid] < xs[lo] {
		xs[mid], xs[lo] = xs[lo], xs[mid]
	}
	if xs[hi] < xs[lo] {
		xs[hi], xs[lo] = xs[lo], xs[hi]
	}
	if xs[hi] < xs[mid] {
		xs[hi], xs[mid] = xs[mid], xs[hi]
	}
	pivot := xs[mid]
	xs[mid], xs[hi] = xs[hi], xs[mid]
	// Three-way split keeps runs of equal prices (common: everyone sees
	// the same price) from degrading to quadratic time.
	lt, i, gt := lo, lo, hi-1
	for i <= gt {
		switch {
		case xs[i] < pivot:
			xs[i], xs[lt] = xs[lt], xs[i]
			lt++
			i++
		case xs[i] > pivot:
			xs[i], xs[gt] = xs[gt], xs[i]
			gt--
		default:
			i++
		}
	}
	xs[i], xs[hi] = xs[hi], xs[i]
	return lt, i
}
