package csvin_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/csvin"
)

func ExampleReadInteractions() {
	log := "From;To;Date;Type;Subject\n" +
		"ana@example.com;bo@example.com|42;2024-03-01 09:30;1:1;'=Q1 plan\n"
	err := csvin.ReadInteractions(strings.NewReader(log), "log.csv", csvin.LogOptions{}, func(in importer.Interaction) error {
		fmt.Println(in.Pos, in.Kind, in.At, in.Subject)
		for _, p := range in.Parties {
			fmt.Println(" ", p.Role, p.Email+p.ID)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// log.csv:2 one-on-one 2024-03-01 09:30:00 +0000 UTC =Q1 plan
	//   initiator ana@example.com
	//   to bo@example.com
	//   to 42
}

func ExampleReadOrg() {
	chart := "Name,Email,Reports To\n" +
		"Bo Li,bo@example.com,Ana Lopez\n" +
		"Ana Lopez,ana@example.com,bo@example.com\n"
	_, err := csvin.ReadOrg(strings.NewReader(chart), "org.csv", csvin.OrgOptions{})
	fmt.Println(err)
	// Output:
	// org.csv:2: Reports To: a reporting cycle of 2 people: line 2 (Bo Li) reports to line 3 (Ana Lopez) reports to line 2 (Bo Li)
}

func ExampleNewWriter() {
	w := csvin.NewWriter(os.Stdout, []string{"name", "phone", "note"})
	w.Write([]string{"Ana", "+44 20 7946 0000", "=HYPERLINK(\"http://x\")"})
	w.Write([]string{"Bo", "", "'s-Hertogenbosch, 'quoted'"})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// name,phone,note
	// Ana,'+44 20 7946 0000,"'=HYPERLINK(""http://x"")"
	// Bo,,"'s-Hertogenbosch, 'quoted'"
}
