# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The cost floor report rendered for people: the play's fixed-width table and the Markdown report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_tradeoffs import COMMITMENT_PLANS


def table_lines(report):
    """Fixed-width table for the play's output."""
    rows = ["%-26s %-80s %10s" % ("COMPONENT", "DETAIL", "USD/MONTH")]
    for c in report["components"]:
        rows.append("%-26s %-80s %10.2f" % (c["component"], c["detail"][:80], c["monthly"]))
    total = ("TOTAL (floor)", "zero traffic, %s" % report["region"], report["monthly_total"])
    rows.append("%-26s %-80s %10.2f" % total)
    spot = report["spot_burst_range"]
    if spot.get("instances"):
        rows.append("Spot burst: up to %d instance(s), %.2f-%.2f USD/month more at max size all month"
                    % (spot["instances"], spot["min"], spot["max"]))
    for line in tradeoff_lines(report):
        rows.append(line)
    rows.append(report["prices"]["line"])
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
