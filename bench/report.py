"""Summaries (median/min/max), the stdout tables and the JSON document."""

from __future__ import annotations

from bench.common import LAYERS
from bench.measure import summary

GOALS = {"full_deploy_ratio": 0.75, "full_deploy_vs_parallel_raw_ratio": 1.0, "noop_rerun_ratio": 0.5,
         "replan_ratio": 1.0, "fresh_workdir_plan_ratio": 1.0, "drift_check_ratio": 0.45, "preflight_seconds": 3.0,
         "demo_data_plane_ratio": 1.10}


def summarize(results: dict) -> dict:
    s: dict = {}
    fd = results.get("full_deploy") or []
    if fd:
        s["full_deploy_ratio"] = summary([x["ratio"] for x in fd])
        s["full_deploy_seconds"] = summary([x["site"]["seconds"] for x in fd])
        s["full_deploy_raw_seconds"] = summary([x["raw"]["seconds"] for x in fd])
        if all("raw_parallel" in x for x in fd):
            s["full_deploy_vs_parallel_raw_ratio"] = summary([x["ratio_vs_parallel"] for x in fd])
            s["full_deploy_raw_parallel_seconds"] = summary([x["raw_parallel"]["seconds"] for x in fd])
    dp = results.get("data_plane") or []
    if dp:
        s["demo_data_plane_ratio"] = summary([x["ratio"] for x in dp])
        s["demo_data_plane_on_seconds"] = summary([x["on"]["seconds"] for x in dp])
        s["demo_data_plane_off_seconds"] = summary([x["off"]["seconds"] for x in dp])
    nr = results.get("noop_rerun") or []
    if nr:
        s["noop_rerun_ratio"] = summary([x["ratio"] for x in nr])
        s["noop_rerun_seconds"] = summary([x["site"]["seconds"] for x in nr])
        s["noop_rerun_raw_seconds"] = summary([x["raw_plans"]["seconds"] for x in nr])
        s["noop_rerun_changed"] = summary([x["changed"] for x in nr])
    for figure, raw_key in (("replan", "raw_plans"), ("fresh_workdir_plan", "raw")):
        samples = results.get(figure) or []
        if samples:
            s[figure + "_ratio"] = summary([x["ratio"] for x in samples])
            s[figure + "_seconds"] = summary([x["site"]["seconds"] for x in samples])
            s[figure + "_raw_seconds"] = summary([x[raw_key]["seconds"] for x in samples])
            s[figure + "_changed"] = summary([x["changed"] for x in samples])
    dc = results.get("drift_check") or []
    if dc:
        s["drift_check_ratio"] = summary([x["ratio"] for x in dc])
        s["drift_check_seconds"] = summary([x["drift"]["seconds"] for x in dc])
        s["drift_check_raw_seconds"] = summary([x["raw_plans"]["seconds"] for x in dc])
    pf = results.get("preflight") or []
    if pf:
        s["preflight_seconds"] = summary([x["seconds"] for x in pf])
        s["preflight_api_calls"] = summary([x["api_calls"] for x in pf])
    if results.get("scale"):
        s["scale"] = {n: {"noop_seconds": summary([x["noop"]["seconds"] for x in v["samples"]]),
                          "noop_changed": summary([x["changed"] for x in v["samples"]]),
                          "drift_seconds": summary([x["drift"]["seconds"] for x in v["samples"]]),
                          "raw_plans_seconds": summary([x["raw_plans"]["seconds"] for x in v["samples"]])}
                      for n, v in results["scale"].items()}
    return s


def _fmt(stat: dict | None, unit: str = "") -> str:
    if not stat or stat.get("median") is None:
        return "-"
    if stat["n"] == 1:
        return "%g%s" % (stat["median"], unit)
    return "%g%s (%g-%g)" % (stat["median"], unit, stat["min"], stat["max"])


def _goal(key: str, stat: dict | None, extra_ok: bool = True) -> str:
    if not stat or stat.get("median") is None:
        return "-"
    ok = stat["median"] <= GOALS[key] and extra_ok
    return "<= %g: %s" % (GOALS[key], "met" if ok else "MISSED")


def table(doc: dict) -> str:
    s = doc["summary"]
    rows = [("figure", "ours", "raw terraform", "ratio / value", "goal")]
    if "full_deploy_ratio" in s:
        rows.append(("1 full deploy (s)", _fmt(s["full_deploy_seconds"]), _fmt(s["full_deploy_raw_seconds"]),
                     _fmt(s["full_deploy_ratio"]), _goal("full_deploy_ratio", s["full_deploy_ratio"])))
    if "full_deploy_vs_parallel_raw_ratio" in s:
        rows.append(("1b full deploy vs raw in parallel (s)", _fmt(s["full_deploy_seconds"]),
                     _fmt(s["full_deploy_raw_parallel_seconds"]) + " (levels in parallel)",
                     _fmt(s["full_deploy_vs_parallel_raw_ratio"]),
                     _goal("full_deploy_vs_parallel_raw_ratio", s["full_deploy_vs_parallel_raw_ratio"])))
    if "demo_data_plane_ratio" in s:
        rows.append(("1c make demo with the data plane (s)", _fmt(s["demo_data_plane_on_seconds"]),
                     _fmt(s["demo_data_plane_off_seconds"]) + " (ours, data plane off)",
                     _fmt(s["demo_data_plane_ratio"]), _goal("demo_data_plane_ratio", s["demo_data_plane_ratio"])))
    if "noop_rerun_ratio" in s:
        changed_ok = s["noop_rerun_changed"]["max"] == 0
        rows.append(("2 no-op re-run (s)", _fmt(s["noop_rerun_seconds"]), _fmt(s["noop_rerun_raw_seconds"]),
                     _fmt(s["noop_rerun_ratio"]) + ", changed=" + _fmt(s["noop_rerun_changed"]),
                     _goal("noop_rerun_ratio", s["noop_rerun_ratio"], changed_ok) + " and changed=0"))
    for key, label, raw in (("replan", "2b replan=true, every layer planned (s)", ""),
                            ("fresh_workdir_plan", "2c empty work dir: init + plan (s)", " (init+plan)")):
        if key + "_ratio" in s:
            rows.append((label, _fmt(s[key + "_seconds"]), _fmt(s[key + "_raw_seconds"]) + raw,
                         _fmt(s[key + "_ratio"]) + ", changed=" + _fmt(s[key + "_changed"]),
                         _goal(key + "_ratio", s[key + "_ratio"], s[key + "_changed"]["max"] == 0) + " and changed=0"))
    if "drift_check_ratio" in s:
        rows.append(("3 drift check (s)", _fmt(s["drift_check_seconds"]), _fmt(s["drift_check_raw_seconds"]),
                     _fmt(s["drift_check_ratio"]), _goal("drift_check_ratio", s["drift_check_ratio"])))
    if "preflight_seconds" in s:
        rows.append(("4 pre-flight, 50 secrets, 3 types x 3 AZs", _fmt(s["preflight_seconds"], " s"), "-",
                     _fmt(s["preflight_api_calls"]) + " API calls", _goal("preflight_seconds", s["preflight_seconds"])))
    for n, v in (s.get("scale") or {}).items():
        rows.append(("5 scale %s service(s): no-op / drift (s)" % n,
                     "%s / %s" % (_fmt(v["noop_seconds"]), _fmt(v["drift_seconds"])), _fmt(v["raw_plans_seconds"]),
                     "changed=" + _fmt(v["noop_changed"]), "-"))
    res = doc.get("resources") or {}
    if res:
        disk = res["terraform_dirs"]
        rows.append(("6 peak RSS of the run / .terraform disk", "%.0f MiB" % (res["peak_rss_bytes"] / 1048576), "-",
                     "%.1f MiB in %d dirs, %d provider copies, %d symlinks" % (
                         disk["bytes"] / 1048576, disk["dirs"], disk["provider_copies"], disk["provider_symlinks"]),
                     "no provider copy per layer: %s" % ("met" if disk["provider_copies"] == 0 else "MISSED")))
    return _render(rows)


def layer_table(results: dict) -> str:
    """Where the time goes, per layer: the playbook's own per-layer seconds next to raw Terraform's commands."""
    fd = (results.get("full_deploy") or [None])[-1]
    nr = (results.get("noop_rerun") or [None])[-1]
    if not fd and not nr:
        return "(no deploy or no-op figure in this run)"
    rows = [("layer", "site.yml deploy", "raw init+apply+output", "site.yml no-op", "raw plan")]
    for layer in LAYERS:
        site_d = fd["site"]["layers"].get(layer, {}).get("seconds", "-") if fd else "-"
        raw_d = round(sum(fd["raw"]["layers"].get(layer, {}).values()), 1) if fd else "-"
        site_n = nr["site"]["layers"].get(layer, {}).get("seconds", "-") if nr else "-"
        raw_n = nr["raw_plans"]["layers"].get(layer, "-") if nr else "-"
        rows.append((layer, str(site_d), str(raw_d), str(site_n), str(raw_n)))
    return _render(rows)


def _render(rows) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
