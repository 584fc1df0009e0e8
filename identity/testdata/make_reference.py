#!/usr/bin/python3
"""Ground truth for the Enron duplicate check (identity/enron_test.go).

Which employee in employees.tsv (156 people, names only) is which mailbox
owner in custodians.tsv (148 people, names and addresses)? The names do
not say it reliably, which is the point of the test; the messages do,
independently of any name matching: a message filed in a custodian's
sent folder ("arnold-j/sent/123", "…/sent_items/…", "…/_sent_mail/…")
was sent by that custodian, and messages.tsv gives its sender's employee
id. A mailbox whose sent messages come from one employee in at least 90 %
of cases (and at least 5 of them) is that employee's.

Regenerate (from the identity package directory):
    /usr/bin/python3 testdata/make_reference.py ../../shared/data/enron > testdata/enron_reference.tsv

Output: tab-separated, a header line, then one line per linked pair:
employee id, employee name, mailbox, custodian address, custodian name,
sent messages from that employee, sent messages in that mailbox.
"""
import collections
import csv
import sys

SENT = {"sent", "sent_items", "_sent_mail"}


def main(root):
    employees = {}
    with open(f"{root}/employees.tsv", newline="", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            employees[row[0]] = row[1]
    custodians = {}
    with open(f"{root}/custodians.tsv", newline="", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            custodians[row[0]] = (row[1], row[2])
    votes = collections.defaultdict(collections.Counter)
    with open(f"{root}/messages.tsv", newline="", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            parts = row[1].split("/")
            if len(parts) >= 2 and parts[1] in SENT:
                votes[parts[0]][row[4]] += 1
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["employee", "employee_name", "mailbox", "address", "custodian_name", "votes", "sent"])
    for mailbox in sorted(votes):
        if mailbox not in custodians:
            continue
        sender, n = votes[mailbox].most_common(1)[0]
        total = sum(votes[mailbox].values())
        if n < 5 or n < 0.9 * total:
            continue
        address, name = custodians[mailbox]
        out.writerow([sender, employees[sender], mailbox, address, name, n, total])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../shared/data/enron")
