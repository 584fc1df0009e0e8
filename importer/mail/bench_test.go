package mail

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/allyhq/ally/importer"
)

// benchHeader is a header block as list mail has it: a Received chain,
// folded recipients, an encoded subject, list headers.
func benchHeader(i int) string {
	return fmt.Sprintf(`Received: from mx%[1]d.example.org (mx%[1]d.example.org [192.0.2.%[2]d])
	by mail.example.com (Postfix) with ESMTPS id 4F%[1]dA
	for <jane@example.com>; Mon, 6 Jan 2025 09:%02[3]d:00 +0100 (CET)
Received: by mx%[1]d.example.org (8.9.3/8.9.3) id PAA29389
	for list-outgoing; Mon, 6 Jan 2025 03:%02[3]d:00 -0500 (EST)
Date: Mon, 6 Jan 2025 09:%02[3]d:00 +0100
From: "Doe, John" <john.doe%[1]d@example.org>
To: Jane Roe <jane@example.com>, team@example.com,
	=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>
Cc: "Bob Smith" <bob@example.net>
Subject: =?UTF-8?Q?Re:_Gr=C3=BC=C3=9Fe?= number %[1]d
Message-ID: <%[1]d.abcdef@mx.example.org>
In-Reply-To: <%[4]d.abcdef@mx.example.org>
References: <%[4]d.abcdef@mx.example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
List-Id: <dev.lists.example.org>
`, i, i%250, i%60, i-1)
}

// cpuTime is the process's user and system time so far. The machine is
// shared: wall-clock rates move with the other work on it, CPU time much
// less, so the benchmarks report both.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports n items per second of wall clock and of CPU.
func reportRate(b *testing.B, n float64, unit string, cpu0 time.Duration) {
	b.ReportMetric(n/b.Elapsed().Seconds(), unit+"/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), unit+"/cpu-s")
	}
}

// BenchmarkParseHeaders is the header parse alone, from memory: one op
// reads one single-message file (the body is never read). "reused" reads
// each with one reader reset between files, as ReadPath does for a
// maildir; "Read" calls Read for each, paying for fresh buffers.
func BenchmarkParseHeaders(b *testing.B) {
	const n = 1000
	msgs := make([][]byte, n)
	size := 0
	for i := range msgs {
		msgs[i] = []byte(benchHeader(i) + "\nbody\n")
		size += len(msgs[i])
	}
	emit := func(importer.Interaction) error { return nil }
	b.Run("reused", func(b *testing.B) {
		b.SetBytes(int64(size / n))
		b.ReportAllocs()
		rd := newReader(nil, "", Options{}, emit)
		var br bytes.Reader
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			br.Reset(msgs[i%n])
			rd.reset(&br, "h.eml")
			if err := rd.run(); err != nil || rd.st.Messages != 1 {
				b.Fatal(err)
			}
		}
		reportRate(b, float64(b.N), "headers", cpu0)
	})
	b.Run("Read", func(b *testing.B) {
		b.SetBytes(int64(size / n))
		b.ReportAllocs()
		b.ResetTimer()
		cpu0 := cpuTime()
		for i := 0; i < b.N; i++ {
			if _, err := Read(bytes.NewReader(msgs[i%n]), "h.eml", Options{}, emit); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, float64(b.N), "headers", cpu0)
	})
}

// genMbox is an mbox of n messages with short bodies.
func genMbox(n int) []byte {
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "From john.doe%d@example.org Mon Jan  6 09:00:00 2025\n%s\nHi Jane,\n\nsee you at %d.\n>From the notes: nothing.\n\nJohn\n\n", i, benchHeader(i), i%24)
	}
	return buf.Bytes()
}

// BenchmarkReadMbox reads a generated mbox of 100,000 messages with short
// bodies: one op is the whole file.
func BenchmarkReadMbox(b *testing.B) {
	const n = 100000
	data := genMbox(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		count := 0
		st, err := Read(bytes.NewReader(data), "big.mbox", Options{}, func(importer.Interaction) error { count++; return nil })
		if err != nil || count != n || st.Messages != n {
			b.Fatalf("%d messages, %v", count, err)
		}
	}
	reportRate(b, float64(n)*float64(b.N), "msgs", cpu0)
}

// BenchmarkReadEnron reads the five real Enron mailboxes (1,958 messages)
// from memory: one op is all five.
func BenchmarkReadEnron(b *testing.B) {
	dir := needSharedData(b, "enron-mbox")
	names, _ := filepath.Glob(filepath.Join(dir, "*.mbox"))
	var files [][]byte
	size := 0
	for _, n := range names {
		d, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, d)
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		count := 0
		for j, d := range files {
			if _, err := Read(bytes.NewReader(d), names[j], Options{}, func(importer.Interaction) error { count++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
		if count != 1958 {
			b.Fatalf("%d messages, want 1958", count)
		}
	}
	reportRate(b, 1958*float64(b.N), "msgs", cpu0)
}
