# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The cost floor report rendered for people: the play's fixed-width table and the Markdown report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import textwrap

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_tradeoffs import COMMITMENT_PLANS

# The play prints the table as one block (the callback indents it by 8): 112 columns keep it within 120.
WIDTH = 112
ROW = "%-26s %-74s %10s"
DETAIL = 74


def _rows(component, detail, amount):
    """A table row; a detail longer than its column goes on under it, in the same column, never cut."""
    parts = textwrap.wrap(detail, DETAIL) or [""]
    return [ROW % (component, parts[0], amount)] + [(ROW % ("", part, "")).rstrip() for part in parts[1:]]


def _text(line):
    """A free-text line wrapped at WIDTH, its continuation lines indented."""
    return textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False) or [""]


def table_lines(report):
    """Fixed-width table for the play's output, at most WIDTH columns a line."""
    rows = [ROW % ("COMPONENT", "DETAIL", "USD/MONTH")]
    for c in report["components"]:
        rows += _rows(c["component"], c["detail"], "%.2f" % c["monthly"])
    rows += _rows("TOTAL (floor)", "zero traffic, %s" % report["region"], "%.2f" % report["monthly_total"])
    spot = report["spot_burst_range"]
    if spot.get("instances"):
        rows += _text("Spot burst: up to %d instance(s), %.2f-%.2f USD/month more at max size all month"
                      % (spot["instances"], spot["min"], spot["max"]))
    for line in tradeoff_lines(report):
        rows += _text(line)
    rows += _text(report["prices"]["line"])
    if report["budget"]:
        rows.append("Budget %.2f USD/month: %s" % (report["budget"], "EXCEEDED" if report["over_budget"] else "ok"))
    return rows


def tradeoff_lines(report):
    t = report["tradeoffs"]
    lines = []
    if "nat_gateways" in t:
        n = t["nat_gateways"]
        lines.append("Trade-off NAT: single NAT %.2f vs one per AZ (%d) %.2f USD/month (now %d NAT)"
                     % (n["single_nat_monthly"], n["azs"], n["nat_per_az_monthly"], n["current"]))
    if "on_demand_base" in t:
        b = t["on_demand_base"]
        lines.append("Trade-off On-Demand base: %d -> %.2f, %d -> %.2f-%.2f USD/month" % (
            b["current"], b["current_monthly"], b["minus_one"], b["minus_one_monthly"]["min"],
            b["minus_one_monthly"]["max"]))
    if "on_demand_commitment" in t:
        c = t["on_demand_commitment"]
        plans = ["%s %.4f/h -> %.2f (saves %.2f)" % (p["label"], p["hourly"], p["monthly"], p["saving"])
                 for p in (c["plans"][k] for k, _label in COMMITMENT_PLANS if k in c["plans"])]
        lines.append("Trade-off On-Demand base commitment (%d x %s, 1 year no upfront, estimated rates of %s): %s "
                     "USD/month; billed all year, bought in AWS Billing (no inventory key)"
                     % (c["instances"], c["instance_type"], c["rates_date"], ", ".join(plans)))
    return lines


def markdown(report, title="Monthly cost floor"):
    p = report["prices"]
    out = ["# %s (%s)" % (title, report["region"]), "",
           "Zero-traffic monthly floor: **%.2f USD**, %s. %s" % (report["monthly_total"], p["line"], p["source"]), "",
           "| component | detail | quantity | unit | unit price | USD/month |", "|---|---|---:|---|---:|---:|"]
    for c in report["components"]:
        out.append("| %s | %s | %s | %s | %s | %.2f |" % (c["component"], c["detail"], c["quantity"], c["unit"],
                                                          c["unit_price"], c["monthly"]))
    out.append("| **total** | | | | | **%.2f** |" % report["monthly_total"])
    out += ["", "## Spot burst and trade-offs", ""]
    spot = report["spot_burst_range"]
    if spot.get("instances"):
        out.append("- Spot burst: up to %d instance(s) of %s: %.2f-%.2f USD/month more if run all month." % (
            spot["instances"], ", ".join(spot["instance_types"]), spot["min"], spot["max"]))
    out += ["- " + line for line in tradeoff_lines(report)]
    if report["absent"]:
        out += ["", "Not in this deployment: %s." % ", ".join(report["absent"])]
    if report["budget"]:
        out += ["", "Budget: %.2f USD/month, %s." % (report["budget"], "**exceeded**" if report["over_budget"]
                                                     else "not exceeded")]
    return "\n".join(out) + "\n"
