package minheap

import (
	"container/heap"
	"math/rand/v2"
	"slices"
	"testing"
)

// item is a key with its insertion number: equal keys tell apart which
// one a heap returns first.
type item struct {
	key float64
	seq int
}

type stdHeap []item

func (h stdHeap) Len() int           { return len(h) }
func (h stdHeap) Less(i, j int) bool { return h[i].key < h[j].key }
func (h stdHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *stdHeap) Push(x any)        { *h = append(*h, x.(item)) }
func (h *stdHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// The heap pops in key order and, on equal keys, in exactly the order
// container/heap does, over random interleavings of pushes and pops with
// many duplicate keys.
func TestSameOrderAsContainerHeap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for trial := range 200 {
		h := New(func(a, b item) bool { return a.key < b.key })
		var ref stdHeap
		var got, want []item
		seq := 0
		for range 300 {
			if r.IntN(3) > 0 || h.Len() == 0 {
				x := item{float64(r.IntN(8)), seq}
				seq++
				h.Push(x)
				heap.Push(&ref, x)
				continue
			}
			got = append(got, h.Pop())
			want = append(want, heap.Pop(&ref).(item))
		}
		for h.Len() > 0 {
			got = append(got, h.Pop())
			want = append(want, heap.Pop(&ref).(item))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: popped %v, container/heap %v", trial, got, want)
		}
	}
}

func TestSorted(t *testing.T) {
	h := New(func(a, b int) bool { return a < b })
	for _, x := range []int{5, 1, 4, 1, 3, 9, 2, 6} {
		h.Push(x)
	}
	var out []int
	for h.Len() > 0 {
		out = append(out, h.Pop())
	}
	if !slices.Equal(out, []int{1, 1, 2, 3, 4, 5, 6, 9}) {
		t.Errorf("popped %v", out)
	}
	h.Push(7)
	h.Reset()
	if h.Len() != 0 {
		t.Errorf("Len after Reset = %d", h.Len())
	}
}

// Pushing allocates only when the storage grows: no allocation per element.
func TestNoAllocationPerPush(t *testing.T) {
	h := New(func(a, b item) bool { return a.key < b.key })
	for i := range 1000 {
		h.Push(item{float64(i), i})
	}
	h.Reset()
	allocs := testing.AllocsPerRun(10, func() {
		for i := range 1000 {
			h.Push(item{float64(1000 - i), i})
		}
		for h.Len() > 0 {
			h.Pop()
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per 1000 pushes and pops into a heap with room", allocs)
	}
}
