"""Runbooks (docs/runbooks.md): every alarm and EventBridge rule the Terraform code creates has a section and its
description points to it; every "Runbook: docs/runbooks.md#anchor" pointer in the code names a section that exists;
every declared safety stop still ends with its pointer; and no section is left that nothing points to. Renaming a
section, dropping a pointer or adding an alarm without a runbook fails here."""

import ast
import glob
import os
import re
from collections import Counter

import pytest
import yaml

from tests.helpers import ROOT, hcl_one, parse_hcl

RUNBOOKS = os.path.join(ROOT, "docs", "runbooks.md")
PREFIX = "Runbook: docs/runbooks.md#"
POINTER = re.compile(r"docs/runbooks\.md#([A-Za-z0-9_-]+)")

# What the observability code creates, and the heading of its runbook ("Alarm: tasks-below-desired").
WATCHED = {
    "aws_cloudwatch_metric_alarm": ("alarm_name", "alarm_description", "Alarm"),
    "aws_cloudwatch_composite_alarm": ("alarm_name", "alarm_description", "Alarm"),
    "aws_cloudwatch_event_rule": ("name", "description", "Event rule"),
}

# The safety stops: id -> where the message is, how to find it, and the section it must end pointing to.
# YAML: (path, task name contains, keys to the message inside the task). Python: (path, called name, text the call
# contains, keyword holding the message).
YAML_STOPS = {
    "prevent_destroy": ("roles/terraform_layer/tasks/plan_apply.yml", "resources protected by prevent_destroy",
                        ("ansible.builtin.fail", "msg"), "protected-resource-replacement"),
    "allow_replace": ("roles/terraform_layer/tasks/plan_apply.yml", "destroys protected resources",
                      ("ansible.builtin.fail", "msg"), "guarded-replacement-or-destroy"),
    "production_destroy": ("playbooks/destroy.yml", "Refuse a production inventory",
                           ("ansible.builtin.assert", "fail_msg"), "production-destroy-refused"),
    "foreign_lock": ("roles/terraform_layer/tasks/failed.yml", "Record the failure",
                     ("vars", "__terraform_layer_lock_line"), "stale-state-lock"),
    "rollout_rolled_back": ("roles/rollout/tasks/follow.yml", "Fail with the failed deployment's reason",
                            ("ansible.builtin.fail", "msg"), "circuit-breaker-rollback"),
    "verification_failed": ("roles/verify/tasks/report.yml", "Fail once with every failed check",
                            ("ansible.builtin.fail", "msg"), "verification-failed-or-timed-out"),
    "drift_found": ("roles/drift_check/tasks/main.yml", "Fail when a layer could not be planned, or drifted",
                    ("ansible.builtin.fail", "msg"), "drift-found"),
    "reconcile_production": ("roles/drift_check/tasks/main.yml", "Refuse to reconcile a production inventory",
                             ("ansible.builtin.assert", "fail_msg"), "drift-found"),
    "preflight": ("roles/preflight/tasks/main.yml", "Fail once with every problem found",
                  ("ansible.builtin.fail", "msg"), "pre-flight-failure"),
    "destroy_unfinished": ("playbooks/destroy.yml", "Fail when the teardown did not finish",
                           ("ansible.builtin.fail", "msg"), "failed-destroy"),
}
PY_STOPS = {
    "inventory_validation": ("plugins/modules/inventory_validate_info.py", "fail_json", "inventory problem(s)",
                             "runbook", "inventory-validation-failure"),
    "preflight_module": ("plugins/module_utils/aws.py", "fail_json", "pre-flight problem(s)", "msg",
                         "pre-flight-failure"),
    "cost_floor_budget": ("plugins/modules/cost_floor_estimate_info.py", "fail_json", "pre-flight problem(s)", "msg",
                          "pre-flight-failure"),
    "verification_timeout": ("plugins/module_utils/verify_common.py", "fail_json", "check(s) failed", "msg",
                             "verification-failed-or-timed-out"),
    "tasks_pending": ("plugins/module_utils/verify_service.py", "Check", '"running = desired"', "action",
                      "capacity-stuck-pending"),
    "instances_not_registered": ("plugins/module_utils/verify_capacity.py", "Check", '"registered container instances"',
                                 "action", "capacity-stuck-pending"),
    "on_demand_below_baseline": ("plugins/module_utils/verify_capacity.py", "Check",
                                 '"in-service On-Demand instances"', "action", "capacity-stuck-pending"),
    "rollout_module": ("plugins/module_utils/verify_rollout.py", "Check", '"rollout"', "action",
                       "circuit-breaker-rollback"),
    "rollback_in_events": ("plugins/module_utils/verify_service.py", "Check", '"no rollback in recent events"',
                           "action", "circuit-breaker-rollback"),
    "destroy_cluster_busy": ("plugins/modules/teardown_protected.py", "fail_json", "still has", "msg",
                             "failed-destroy"),
    "destroy_wait": ("plugins/modules/teardown_protected.py", "fail_json", "was not deleted within", "msg",
                     "failed-destroy"),
    "destroy_api_error": ("plugins/modules/teardown_protected.py", "fail_json", "Could not delete", "msg",
                          "failed-destroy"),
}
POINTER_DIRS = ("roles", "plugins", "playbooks", "terraform")


# ---- GitHub anchors ----------------------------------------------------------------------------------------------

def github_anchor(heading):
    """GitHub's rule: the heading's text lowercased, punctuation dropped (letters, digits, spaces, '-' and '_' kept),
    spaces turned into '-'."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors_of(markdown):
    """Every heading's anchor, outside fenced code, with GitHub's -1, -2 suffixes for repeats."""
    seen, out, fenced = Counter(), [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if match:
            base = github_anchor(match.group(1))
            out.append(base if not seen[base] else "%s-%d" % (base, seen[base]))
            seen[base] += 1
    return out


def section_anchors(markdown):
    """Anchors of the runbook sections (level-2 headings)."""
    return [github_anchor(m) for m in re.findall(r"^## (.+?)\s*$", strip_fences(markdown), re.M)]


def strip_fences(markdown):
    return re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)


@pytest.fixture(scope="module")
def runbooks():
    with open(RUNBOOKS) as handle:
        return handle.read()


def test_github_anchor_rules():
    assert github_anchor("Alarm: tasks-below-desired") == "alarm-tasks-below-desired"
    assert github_anchor("Replacing a resource protected by prevent_destroy") == \
        "replacing-a-resource-protected-by-prevent_destroy"
    assert github_anchor("Verification failed, or `timed out`!") == "verification-failed-or-timed-out"
    assert anchors_of("# A\n```\n# not a heading\n```\n## A\n") == ["a", "a-1"]


# ---- (a) alarms and rules ----------------------------------------------------------------------------------------


def name_pattern(name):
    """'${var.name_prefix}-${each.key}-tasks-below-desired' -> 'tasks-below-desired' (the fixed part of the name)."""
    return re.sub(r"\$\{[^}]*\}", "", name).strip("-")


@pytest.fixture(scope="module")
def watched():
    """Every alarm and EventBridge rule in the Terraform code: (address, kind heading, fixed name, description)."""
    paths = sorted(p for p in glob.glob(os.path.join(ROOT, "terraform", "*", "*", "*.tf"))
                   if "/.terraform/" not in p)
    found = []
    for path, doc in parse_hcl(paths).items():
        for block in doc.get("resource", []):
            for rtype, resources in block.items():
                if rtype not in WATCHED:
                    continue
                name_key, description_key, heading = WATCHED[rtype]
                for rname, body in resources.items():
                    found.append(("%s.%s (%s)" % (rtype, rname, os.path.relpath(path, ROOT)), heading,
                                  name_pattern(str(hcl_one(body.get(name_key, "")))),
                                  str(hcl_one(body.get(description_key, "")))))
    return found


def test_the_observability_alarms_and_rules_are_found(watched):
    kinds = {(heading, name) for _a, heading, name, _d in watched}
    # The ones the design names (section G); a rename must rename the runbook too.
    assert {("Alarm", "tasks-below-desired"), ("Alarm", "unhealthy-hosts"), ("Alarm", "asg-below-baseline"),
            ("Alarm", "deployment-failed")} <= kinds, sorted(kinds)


def test_every_alarm_and_rule_has_a_runbook_its_description_points_to(watched, runbooks):
    anchors = set(anchors_of(runbooks))
    problems = []
    for address, heading, name, description in watched:
        if not name:
            problems.append("%s: its name has no fixed part to name a runbook after" % address)
            continue
        anchor = github_anchor("%s: %s" % (heading, name))
        if anchor not in anchors:
            problems.append("%s: no section '## %s: %s' in docs/runbooks.md" % (address, heading, name))
        if not description.rstrip().endswith(PREFIX + anchor):
            problems.append("%s: its description must end with '%s%s', is %r" % (address, PREFIX, anchor, description))
    assert not problems, "\n".join(problems)


def test_no_alarm_section_without_an_alarm(watched, runbooks):
    expected = {github_anchor("%s: %s" % (heading, name)) for _a, heading, name, _d in watched}
    stale = [a for a in section_anchors(runbooks)
             if a.startswith(("alarm-", "event-rule-")) and a not in expected]
    assert not stale, "runbook sections for alarms or rules the code no longer creates: %s" % stale


# ---- (b) every pointer in the code names a section that exists --------------------------------------------------

def code_files():
    for top in POINTER_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = [d for d in dirnames if d not in (".terraform", "__pycache__")]
            for filename in filenames:
                if filename.endswith((".yml", ".yaml", ".py", ".tf", ".hcl", ".j2", ".md")):
                    yield os.path.join(dirpath, filename)


def test_every_pointer_in_the_code_names_an_existing_section(runbooks):
    anchors = set(anchors_of(runbooks))
    pointers = []
    for path in code_files():
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                pointers += [(os.path.relpath(path, ROOT), number, a) for a in POINTER.findall(line)]
    assert len(pointers) >= len(YAML_STOPS) + len(PY_STOPS), pointers
    broken = ["%s:%d -> #%s" % p for p in pointers if p[2] not in anchors]
    assert not broken, "pointers to sections docs/runbooks.md does not have:\n" + "\n".join(broken)


# ---- (c) the declared safety stops end with their pointer --------------------------------------------------------

def tasks_of(items):
    for item in items or []:
        if not isinstance(item, dict):
            continue
        yield item
        for key in ("tasks", "block", "rescue", "always", "pre_tasks", "post_tasks", "handlers"):
            yield from tasks_of(item.get(key))


@pytest.mark.parametrize("stop", sorted(YAML_STOPS))
def test_yaml_stop_ends_with_its_runbook_pointer(stop, runbooks):
    path, name_part, keys, anchor = YAML_STOPS[stop]
    assert anchor in anchors_of(runbooks), "%s: docs/runbooks.md has no section #%s" % (stop, anchor)
    with open(os.path.join(ROOT, path)) as handle:
        found = [t for t in tasks_of(yaml.safe_load(handle)) if name_part in str(t.get("name", ""))]
    assert len(found) == 1, "%s: %d task(s) in %s named like %r; update YAML_STOPS" % (stop, len(found), path,
                                                                                       name_part)
    message = found[0]
    for key in keys:
        message = (message or {}).get(key)
    assert isinstance(message, str), "%s: no %s in the task %r of %s" % (stop, ".".join(keys), name_part, path)
    assert message.rstrip().endswith(PREFIX + anchor), "%s (%s): the message must end with %s%s:\n%s" % (
        stop, path, PREFIX, anchor, message)


def literal_tail(node):
    """The text a message expression ends with, as far as the source says: a constant, the last constant part of an
    f-string, the format string of '%' or the right side of '+'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return literal_tail(node.values[-1])
    if isinstance(node, ast.BinOp):
        return literal_tail(node.left if isinstance(node.op, ast.Mod) else node.right)
    return ""


def call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


@pytest.mark.parametrize("stop", sorted(PY_STOPS))
def test_python_stop_ends_with_its_runbook_pointer(stop, runbooks):
    path, called, contains, keyword, anchor = PY_STOPS[stop]
    assert anchor in anchors_of(runbooks), "%s: docs/runbooks.md has no section #%s" % (stop, anchor)
    with open(os.path.join(ROOT, path)) as handle:
        source = handle.read()
    calls = [c for c in ast.walk(ast.parse(source)) if isinstance(c, ast.Call) and call_name(c) == called
             and contains in (ast.get_source_segment(source, c) or "")]
    assert len(calls) == 1, "%s: %d call(s) of %s containing %r in %s; update PY_STOPS" % (stop, len(calls), called,
                                                                                           contains, path)
    values = [k.value for k in calls[0].keywords if k.arg == keyword]
    assert values, "%s: the %s call in %s has no %s=" % (stop, called, path, keyword)
    tail = literal_tail(values[0])
    assert tail.rstrip().endswith(PREFIX + anchor), "%s (%s): %s= must end with %s%s, ends with %r" % (
        stop, path, keyword, PREFIX, anchor, tail[-80:])


# ---- no orphan sections ------------------------------------------------------------------------------------------

def test_every_runbook_section_is_pointed_to(runbooks):
    pointed = set()
    for path in code_files():
        with open(path, encoding="utf-8") as handle:
            pointed.update(POINTER.findall(handle.read()))
    orphans = [a for a in section_anchors(runbooks) if a not in pointed]
    assert not orphans, "sections no alarm or safety stop points to (rename or remove them): %s" % orphans


def test_the_runbooks_own_links_resolve(runbooks):
    """Links inside docs/runbooks.md: to its own sections and to the other docs' sections (docs/layers.md's procedure
    is linked, not copied)."""
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", strip_fences(runbooks)):
        if re.match(r"^[a-z]+://", target):
            continue
        path, _dummy, anchor = target.partition("#")
        doc = os.path.normpath(os.path.join(os.path.dirname(RUNBOOKS), path)) if path else RUNBOOKS
        if not os.path.isfile(doc):
            broken.append(target)
            continue
        with open(doc) as handle:
            if anchor and anchor not in anchors_of(handle.read()):
                broken.append(target)
    assert not broken, "links in docs/runbooks.md that lead nowhere: %s" % broken
