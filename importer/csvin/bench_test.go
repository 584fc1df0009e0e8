package csvin

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/allyhq/ally/importer"
)

// cycleReader repeats chunk n times without holding more than one copy,
// so that a benchmark's memory is the reader's.
type cycleReader struct {
	head, chunk []byte
	n, off      int
}

func (c *cycleReader) Read(p []byte) (int, error) {
	if len(c.head) > 0 {
		k := copy(p, c.head)
		c.head = c.head[k:]
		return k, nil
	}
	if c.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, c.chunk[c.off:])
	c.off += k
	if c.off == len(c.chunk) {
		c.off = 0
		c.n--
	}
	return k, nil
}

// logChunk is 10,000 rows like an exported log: one to three recipients,
// an RFC 3339 date, a kind, a subject; with an id column or not.
func logChunk(withID bool) (header string, chunk []byte) {
	var b bytes.Buffer
	header = "from,to,at,kind,subject\n"
	if withID {
		header = "id," + header
	}
	kinds := []string{"meeting", "email", "1:1", "call"}
	for i := 0; i < 10000; i++ {
		if withID {
			fmt.Fprintf(&b, "%d,", i)
		}
		to := fmt.Sprintf("user%d@example.com", (i*7+1)%5000)
		if i%3 == 0 {
			to = fmt.Sprintf("\"user%d@example.com;user%d@example.com;%d\"", (i*7+1)%5000, (i*11+2)%5000, i%900)
		}
		fmt.Fprintf(&b, "user%d@example.com,%s,2024-%02d-%02dT%02d:%02d:00Z,%s,Subject of row %d\n",
			i%5000, to, 1+i%12, 1+i%28, i%24, i%60, kinds[i%4], i)
	}
	return header, b.Bytes()
}

// BenchmarkReadInteractions reads a generated log of 1,000,000 rows per
// op, parse-only (emit does nothing).
func BenchmarkReadInteractions(b *testing.B) {
	for _, withID := range []bool{true, false} {
		name := "hash-id"
		if withID {
			name = "id-column"
		}
		b.Run(name, func(b *testing.B) {
			header, chunk := logChunk(withID)
			const reps = 100 // 100 × 10,000 rows
			b.SetBytes(int64(len(header) + reps*len(chunk)))
			b.ReportAllocs()
			rows := 0
			start := time.Now()
			for i := 0; i < b.N; i++ {
				r := &cycleReader{head: []byte(header), chunk: chunk, n: reps}
				err := ReadInteractions(r, "bench.csv", LogOptions{}, func(importer.Interaction) error {
					rows++
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if rows != b.N*reps*10000 {
				b.Fatalf("%d rows", rows)
			}
			b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
		})
	}
}

// BenchmarkReadOrg reads a generated org chart of 10,000 people per op:
// a tree of managers named by address, ten reports each.
func BenchmarkReadOrg(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("name,email,title,department,manager_email\n")
	for i := 0; i < 10000; i++ {
		mgr := ""
		if i > 0 {
			mgr = fmt.Sprintf("p%d@example.com", (i-1)/10)
		}
		fmt.Fprintf(&sb, "Person %d,p%d@example.com,Title %d,Dept %d,%s\n", i, i, i%50, i%20, mgr)
	}
	src := sb.String()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		people, err := ReadOrg(strings.NewReader(src), "org.csv", OrgOptions{})
		if err != nil || len(people) != 10000 {
			b.Fatal(len(people), err)
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "rows/s")
}
