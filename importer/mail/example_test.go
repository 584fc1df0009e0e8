package mail_test

import (
	"fmt"
	"strings"

	"github.com/allyhq/ally/importer"
	"github.com/allyhq/ally/importer/mail"
)

func ExampleRead() {
	const mbox = `From alice@example.org Mon Jan  6 09:00:00 2025
From: Alice <alice@example.org>
To: Bob <bob@example.org>, "Doe, Jane" <jane@example.org>
Cc: alice@example.org
Date: Mon, 6 Jan 2025 09:00:00 EST
Subject: =?UTF-8?Q?Caf=C3=A9?= on Friday
Message-ID: <1@example.org>

>From the body: not a separator.

From news@example.org Mon Jan  6 10:00:00 2025
From: News <noreply@example.org>
Date: Mon, 6 Jan 2025 10:00:00 +0000
List-Id: <news.example.org>

Unsubscribe here.
`
	st, err := mail.Read(strings.NewReader(mbox), "inbox.mbox", mail.Options{}, func(it importer.Interaction) error {
		fmt.Printf("%s %s %s %q bulk=%q\n", it.Pos, it.ExternalID, it.At, it.Subject, it.Bulk)
		for _, p := range it.Parties {
			fmt.Printf("  %s %q <%s>\n", p.Role, p.Name, p.Email)
		}
		return nil
	})
	fmt.Println(st.Messages, st.Bulk, err)
	// Output:
	// inbox.mbox:2 mail:1@example.org 2025-01-06 14:00:00 +0000 UTC "Café on Friday" bulk=""
	//   initiator "Alice" <alice@example.org>
	//   to "Bob" <bob@example.org>
	//   to "Doe, Jane" <jane@example.org>
	// inbox.mbox:12 mail-sha256:82841d71dffd2713a8b3d2f85e024cb414bbe9236d3a9a2b971e97deed31832c 2025-01-06 10:00:00 +0000 UTC "" bulk="List-Id"
	//   initiator "News" <noreply@example.org>
	// 2 1 <nil>
}
