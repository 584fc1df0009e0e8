// Package minheap is a binary min-heap of any element type, ordered by a
// less function: the priority queue of ally's Dijkstra searches.
//
// It does what container/heap does, with the same sift-up and sift-down
// steps (so elements that compare equal leave in the same order, and
// searches that break ties by pop order give the same answers), but holds
// the elements in a typed slice: container/heap's Push and Pop take and
// return an interface value, which allocates once per element pushed.
// Push and Pop cost O(log n).
package minheap

// Heap is a min-heap of T under less. The zero value is not usable: make
// one with New.
type Heap[T any] struct {
	items []T
	less  func(a, b T) bool
}

// New returns an empty heap ordered by less, which must be a strict weak
// order (a < b).
func New[T any](less func(a, b T) bool) *Heap[T] {
	return &Heap[T]{less: less}
}

// Len is the number of elements in the heap.
func (h *Heap[T]) Len() int { return len(h.items) }

// Push adds x.
func (h *Heap[T]) Push(x T) {
	h.items = append(h.items, x)
	h.up(len(h.items) - 1)
}

// Pop removes and returns the least element; it panics on an empty heap.
func (h *Heap[T]) Pop() T {
	n := len(h.items) - 1
	h.items[0], h.items[n] = h.items[n], h.items[0]
	h.down(0, n)
	x := h.items[n]
	h.items = h.items[:n]
	return x
}

// Reset empties the heap and keeps its storage, for a caller that runs
// many searches.
func (h *Heap[T]) Reset() { h.items = h.items[:0] }

func (h *Heap[T]) up(j int) {
	for {
		i := (j - 1) / 2 // parent
		if i == j || !h.less(h.items[j], h.items[i]) {
			break
		}
		h.items[i], h.items[j] = h.items[j], h.items[i]
		j = i
	}
}

func (h *Heap[T]) down(i, n int) {
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 { // j1 < 0 after int overflow
			break
		}
		j := j1 // left child
		if j2 := j1 + 1; j2 < n && h.less(h.items[j2], h.items[j1]) {
			j = j2 // right child
		}
		if !h.less(h.items[j], h.items[i]) {
			break
		}
		h.items[i], h.items[j] = h.items[j], h.items[i]
		i = j
	}
}
