package identity

import (
	"fmt"
	"testing"
)

func BenchmarkEmail(b *testing.B) {
	in := []string{"Jane Doe <Jane.Doe@Example.COM>", "mailto:john.arnold@enron.com", "j..yanowski@enron.com", "Frank Hayden/ENRON@enronXgate"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range in {
			Email(s)
		}
	}
	b.ReportMetric(float64(len(in))*float64(b.N)/b.Elapsed().Seconds(), "addresses/s")
}

func BenchmarkPhone(b *testing.B) {
	in := []string{"+1 (713) 853-6000", "713.853.6000 x1234", "+44 (0)20 7946 0000", "tel:+1-713-853-6000;ext=123"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range in {
			Phone(s)
		}
	}
	b.ReportMetric(float64(len(in))*float64(b.N)/b.Elapsed().Seconds(), "numbers/s")
}

// BenchmarkIndexMatch: one incoming record (an address and a phone)
// against a workspace of 100,000 identities.
func BenchmarkIndexMatch(b *testing.B) {
	x := NewIndex()
	for i := range 50000 {
		e, _ := Email(fmt.Sprintf("person%d@example.com", i))
		p, _ := Phone(fmt.Sprintf("+1713%07d", i))
		x.Add(int64(i), e)
		x.Add(int64(i), p)
	}
	e, _ := Email("person4242@example.com")
	p, _ := Phone("+17130004242")
	ids := []Identity{e, p}
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := x.Match(ids); got != 4242 {
			b.Fatal(got)
		}
	}
}
