#!/usr/bin/env python3
"""reconcile.py - balances svc's invoices against what they bill, to the cent.

Reads, from the directory given (default .), the CSV listings of svc:

  invoices.csv       svc bill list
  invoice-lines.csv  svc bill show - of every invoice: a row a line
  journal.csv        svc journal list
  fees.csv           svc subscription fee-list
  subscriptions.csv  svc subscription list
  subscription-groups.csv  svc subscription-group list
  returns.csv        svc return export

and checks, per customer and currency, with exact decimals, the rules of
svc-bill(1), svc-subscription(1) and svc-return(1):

  the sum of the net amounts of all invoice and credit-note lines
    = the posted journal entries invoiced
    + the subscription fees invoiced (fees, reductions, credits)
    - the return credits invoiced
    - what stays with voided invoices: the journal entries and fees whose
      invoice_id is a voided invoice (a void without --rebill leaves them
      there, and its credit note takes them back; with --rebill they are
      freed and billed anew; return credits are always freed)

and, item by item: each invoice line bills the amount of its item (a
credit note's lines the negated lines of the invoice it voids); each item
is on exactly one invoice that stands, the one its invoice_id names, or
on none while it waits; a return credit is never left with a voided
invoice; the tax of a line is its net times its rate, rounded half away
from zero, and an invoice's net, tax and total are the sums of its
lines'; with --through DAY, everything billable through DAY is invoiced;
a subscription that ends bills no day after its end (its fees with
days after it come, with their credits, to what they would have been
had they ended on its last day).

Prints the totals per customer and currency; exits 1 with the
differences when the books do not reconcile.
"""
import csv
import datetime
import os
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP

CENT = Decimal("0.01")


def rows(d, name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def money(s):
    return Decimal(s) if s != "" else Decimal(0)


def main(argv):
    through = None
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--through":
        through = args[1]
        args = args[2:]
    d = args[0] if args else "."
    problems = []

    invoices = {r["id"]: r for r in rows(d, "invoices.csv")}
    # svc bill show's flat rows: the invoice's columns, then its line's
    # (line_net, line_tax, line_total); an invoice without lines has one
    # row with an empty line
    lines = []
    for r in rows(d, "invoice-lines.csv"):
        if not r["line"]:
            continue
        r["net"], r["tax"], r["total"] = (r["line_net"], r["line_tax"],
                                          r["line_total"])
        lines.append(r)
    journal = rows(d, "journal.csv")
    fees = rows(d, "fees.csv")
    subs = {r["id"]: r for r in rows(d, "subscriptions.csv")}
    groups = {r["id"]: r for r in rows(d, "subscription-groups.csv")}
    returns = [r for r in rows(d, "returns.csv") if money(r["credit"]) != 0]

    voided = {r["voids_id"] for r in invoices.values()
              if r["kind"] == "credit-note"}
    standing = {i for i, r in invoices.items()
                if r["kind"] == "invoice" and i not in voided}

    # the items, by source kind and id: (customer, currency, amount,
    # invoice_id, the day from which it is billable)
    items = {}
    for r in journal:
        items[("journal", r["id"])] = (r["customer_id"], r["currency"],
                                       money(r["sales_amount"]),
                                       r["invoice_id"], r["date"])
    for r in fees:
        items[("fee", "%s/%s" % (r["subscription_id"], r["line"]))] = (
            r["customer_id"], r["currency"], money(r["amount"]),
            r["invoice_id"], r["due_date"])
    for r in returns:
        # a credit is billed as a negative line
        credit = money(r["credit"])
        items[("return", "%s/%s" % (r["return_id"], r["line"]))] = (
            r["customer_id"], r["currency"], -abs(credit), r["invoice_id"],
            r["credit_date"])

    # the left side: every line of every invoice and credit note
    billed = defaultdict(Decimal)
    by_invoice = defaultdict(list)
    for ln in lines:
        inv = invoices.get(ln["invoice_id"])
        if inv is None:
            problems.append("line %s/%s of no invoice in the list"
                            % (ln["invoice_id"], ln["line"]))
            continue
        by_invoice[ln["invoice_id"]].append(ln)
        billed[(inv["customer_id"], inv["currency"])] += money(ln["net"])
        if ln["currency"] != inv["currency"]:
            problems.append("%s/%s: currency %s on an invoice in %s" % (
                ln["invoice_id"], ln["line"], ln["currency"],
                inv["currency"]))

    # the right side, from the items alone
    journal_sum = defaultdict(Decimal)
    fee_sum = defaultdict(Decimal)
    credit_sum = defaultdict(Decimal)
    void_sum = defaultdict(Decimal)
    for (kind, sid), (cust, cur, amount, inv, _) in items.items():
        if not inv:
            continue
        key = (cust, cur)
        if kind == "journal":
            journal_sum[key] += amount
        elif kind == "fee":
            fee_sum[key] += amount
        else:
            credit_sum[key] += -amount
        if inv in voided:
            if kind == "return":
                problems.append("return credit %s left with voided %s"
                                % (sid, inv))
            void_sum[key] += amount
        elif inv not in invoices:
            problems.append("%s %s names invoice %s, not in the list"
                            % (kind, sid, inv))

    # item by item: each line bills its item's amount; the items on the
    # invoices that stand are exactly those whose invoice_id names them
    on_standing = defaultdict(list)
    for i, inv in invoices.items():
        ls = by_invoice.get(i, [])
        net = sum((money(ln["net"]) for ln in ls), Decimal(0))
        tax = sum((money(ln["tax"]) for ln in ls), Decimal(0))
        if (net, tax, net + tax) != (money(inv["net"]), money(inv["tax"]),
                                     money(inv["total"])):
            problems.append("%s: net %s tax %s total %s, its lines %s %s %s"
                            % (i, inv["net"], inv["tax"], inv["total"], net,
                               tax, net + tax))
        for ln in ls:
            n = money(ln["net"])
            t = (n * Decimal(ln["tax_rate_bp"] or 0) / 10000).quantize(
                CENT, rounding=ROUND_HALF_UP)  # half away from zero
            if money(ln["tax"]) != t or money(ln["total"]) != n + t:
                problems.append("%s/%s: net %s at %s bp, tax %s total %s"
                                % (i, ln["line"], n, ln["tax_rate_bp"],
                                   ln["tax"], ln["total"]))
            key = (ln["source_kind"], ln["source_id"])
            item = items.get(key)
            if item is None:
                problems.append("%s/%s bills %s %s, which is not listed"
                                % (i, ln["line"], *key))
                continue
            want = item[2] if inv["kind"] == "invoice" else -item[2]
            if n != want:
                problems.append("%s/%s bills %s %s at %s, the item is %s"
                                % (i, ln["line"], *key, n, want))
            if (item[0], item[1]) != (inv["customer_id"], inv["currency"]):
                problems.append("%s/%s bills %s %s of %s in %s" % (
                    i, ln["line"], *key, item[0], item[1]))
            if i in standing:
                on_standing[key].append(i)
        if inv["kind"] == "credit-note":
            orig = [(ln["source_kind"], ln["source_id"], -money(ln["net"]))
                    for ln in by_invoice.get(inv["voids_id"], [])]
            mine = [(ln["source_kind"], ln["source_id"], money(ln["net"]))
                    for ln in ls]
            if sorted(orig) != sorted(mine):
                problems.append("%s does not reverse %s line by line"
                                % (i, inv["voids_id"]))
    for key, (cust, cur, amount, inv, day) in items.items():
        got = on_standing.get(key, [])
        want = [inv] if inv in standing else []
        if got != want:
            problems.append("%s %s: on standing invoices %s, invoice_id %r"
                            % (*key, got, inv))
        if through and not inv and day and day <= through and amount != 0:
            problems.append("%s %s of %s, billable from %s, not invoiced"
                            % (*key, cust, day))

    # a subscription that ends bills no day after its end: each fee or
    # reduction with days after it (but one a voided invoice took back
    # whole) comes, with the credits that stand against it, to what it
    # would have been had it ended on the last day
    for r in fees:
        s = subs.get(r["subscription_id"])
        if (not s or not s["end_date"] or r["kind"] == "credit" or
                r["period_end"] <= s["end_date"] or r["invoice_id"] in voided):
            continue
        g = groups[s["group_id"]]
        start = datetime.date.fromisoformat(r["period_start"])
        last = datetime.date.fromisoformat(s["end_date"])
        nd = (last - start).days + 1 if start <= last else 0
        pp = money(r["period_price"])
        if r["kind"] == "reduction":
            pp = -pp
        if nd == 0:
            would = Decimal(0)
        elif r["kind"] == "reduction" or g["proration"] == "days":
            would = (pp * nd / Decimal(r["period_days"])).quantize(
                CENT, rounding=ROUND_HALF_UP)
        else:
            would = pp
        prefix = "%s/credit/%s/%s/" % (s["id"], r["kind"], r["period_start"])
        credits = sum((money(c["amount"]) for c in fees
                       if c["kind"] == "credit" and
                       c["source"].startswith(prefix) and
                       c["invoice_id"] not in voided), Decimal(0))
        if money(r["amount"]) + credits != would:
            problems.append("%s %s/%s for %s..%s: %s and credits %s, after "
                            "the end %s it would be %s"
                            % (r["kind"], r["subscription_id"], r["line"],
                               r["period_start"], r["period_end"],
                               r["amount"], credits, s["end_date"], would))

    keys = sorted(set(billed) | set(journal_sum) | set(fee_sum) |
                  set(credit_sum) | set(void_sum))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["customer_id", "currency", "invoice_lines", "journal",
                  "fees", "return_credits", "voided", "difference"])
    totals = defaultdict(lambda: [Decimal(0)] * 6)
    for k in keys:
        want = journal_sum[k] + fee_sum[k] - credit_sum[k] - void_sum[k]
        diff = billed[k] - want
        vals = [billed[k], journal_sum[k], fee_sum[k], credit_sum[k],
                void_sum[k], diff]
        out.writerow([k[0], k[1]] + [str(v) for v in vals])
        t = totals[k[1]]
        totals[k[1]] = [a + b for a, b in zip(t, vals)]
        if diff != 0:
            problems.append("%s %s: invoice lines %s, the items %s"
                            % (k[0], k[1], billed[k], want))
    for cur in sorted(totals):
        out.writerow(["total", cur] + [str(v) for v in totals[cur]])
    print("%d invoices, %d credit notes, %d lines; %d journal entries, "
          "%d fees, %d return credits" % (
              sum(r["kind"] == "invoice" for r in invoices.values()),
              len(voided), len(lines),
              len(journal), len(fees), len(returns)))
    for p in problems:
        print("not reconciled: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
