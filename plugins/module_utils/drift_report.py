# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The drift report: one structure, rendered as JSON (AWX, alerting), Markdown (people) and a one-screen summary."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

STATUSES = ("clean", "drifted", "error")
SUMMARY_RESOURCES = 12  # one screen: the layers, this many resources, the verdict
CELL_LIMIT = 300  # long values (policy documents) are cut in the summary and Markdown, never in the JSON


def overall_status(records):
    statuses = set(r["status"] for r in records)
    if "error" in statuses:
        return "error"
    if "drifted" in statuses:
        return "drifted"
    return "clean"


def build(records, environment="", generated_at=None):
    generated_at = generated_at or datetime.datetime.now(datetime.timezone.utc)
    counts = dict((s, sum(1 for r in records if r["status"] == s)) for s in STATUSES)
    layers = []
    for r in records:
        layers.append({
            "layer": r["name"],
            "status": r["status"],
            "seconds": r.get("seconds", 0),
            "error": r.get("error"),
            "resources": [dict(res, layer=r["name"]) for res in r.get("resources") or []],
            "output_changes": r.get("output_changes") or [],
            "released_own_lock": r.get("released_own_lock"),
            "planned_with": r.get("planned_with"),
        })
    return {
        "environment": environment,
        "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": overall_status(records),
        "counts": counts,
        "drifted_layers": [r["name"] for r in records if r["status"] == "drifted"],
        "error_layers": [r["name"] for r in records if r["status"] == "error"],
        "layers": layers,
    }


def _value(value, limit=CELL_LIMIT):
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "..."


def _resource_line(res):
    attrs = ", ".join(a["attribute"] for a in res.get("attributes") or []) or "-"
    return "%s [%s, %s] %s" % (res["address"], res["kind"], res["action"], attrs)


def summary_lines(report):
    """One screen: a table of layers, then one line per drifted resource and per error."""
    rows = ["%-14s %-8s %8s  %s" % ("LAYER", "STATUS", "SECONDS", "DETAIL")]
    for layer in report["layers"]:
        if layer["status"] == "error":
            detail = _value(layer["error"] or "", 90)
        elif layer["status"] == "drifted":
            outside = sum(1 for r in layer["resources"] if r["outside_terraform"])
            detail = "%d resource(s) differ (%d changed outside Terraform, %d pending change)" % (
                len(layer["resources"]), outside, len(layer["resources"]) - outside)
            if layer["output_changes"]:
                detail += "; outputs: %s" % ", ".join(layer["output_changes"])
        else:
            detail = "no drift"
        rows.append("%-14s %-8s %8s  %s" % (layer["layer"], layer["status"], layer["seconds"], detail))
    lines = ["  %s: %s" % (layer["layer"], _resource_line(res)) for layer in report["layers"]
             for res in layer["resources"]]
    rows += lines[:SUMMARY_RESOURCES]
    if len(lines) > SUMMARY_RESOURCES:
        rows.append("  ... and %d more resource(s): see the report" % (len(lines) - SUMMARY_RESOURCES))
    rows.append("Drift check %s: %d clean, %d drifted, %d error" % (
        report["status"].upper(), report["counts"]["clean"], report["counts"]["drifted"], report["counts"]["error"]))
    return rows


def _md_cell(value):
    return "`%s`" % _value(value).replace("`", "'").replace("|", "\\|")


def markdown(report):
    out = ["# Drift check: %s" % (report["environment"] or "deployment"), "",
           "Generated %s. Overall status: **%s** (%d clean, %d drifted, %d error)." % (
               report["generated_at"], report["status"], report["counts"]["clean"], report["counts"]["drifted"],
               report["counts"]["error"]), "",
           "| layer | status | seconds | resources that differ |", "| --- | --- | --- | --- |"]
    for layer in report["layers"]:
        out.append("| %s | %s | %s | %d |" % (layer["layer"], layer["status"], layer["seconds"],
                                              len(layer["resources"])))
    for layer in report["layers"]:
        if layer["status"] == "clean":
            continue
        out += ["", "## %s: %s" % (layer["layer"], layer["status"])]
        if layer["error"]:
            out += ["", "```", layer["error"], "```"]
        if layer["output_changes"]:
            out += ["", "Outputs that would change: %s" % ", ".join(layer["output_changes"])]
        for res in layer["resources"]:
            out += ["", "### `%s`" % res["address"], "",
                    "- kind: %s" % res["kind"],
                    "- action to reconcile: %s" % res["action"]]
            if res.get("drift_action"):
                out.append("- change outside Terraform: %s" % res["drift_action"])
            if res.get("unmanaged_rules"):
                out.append("- rules no Terraform resource declares (reconcile=true revokes them)")
            if res.get("replace_paths"):
                out.append("- forces replacement: %s" % ", ".join(res["replace_paths"]))
            if res["attributes"]:
                before, after = ("in state", "now") if res["outside_terraform"] else ("now", "configured")
                out += ["", "| attribute | %s | %s |" % (before, after), "| --- | --- | --- |"]
                for attr in res["attributes"]:
                    out.append("| %s | %s | %s |" % (attr["attribute"], _md_cell(attr["before"]),
                                                     _md_cell(attr["after"])))
    return "\n".join(out) + "\n"
