"""Independent IAM analysis of a deployment: cloudsplaining over every role the layers create.

The input is what IAM itself reports (GetAccountAuthorizationDetails): each role's inline policies and its attached
customer-managed and AWS-managed policies, the latter with the documents AWS publishes. cloudsplaining, with its own
offline IAM database (policy_sentry), judges them; it runs in .venv/cloudsplaining (requirements-cloudsplaining.txt).
Every finding must be listed in tests/iam/allowlist.yml with a one-line reason, or the analysis fails.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLOUDSPLAINING_PYTHON = os.path.join(ROOT, ".venv", "cloudsplaining", "bin", "python")
SCAN_SCRIPT = os.path.join(HERE, "cloudsplaining_scan.py")
ALLOWLIST = os.path.join(HERE, "allowlist.yml")

# cloudsplaining's risk categories, as its results name them.
RISKS = ("PrivilegeEscalation", "ResourceExposure", "DataExfiltration", "CredentialsExposure", "ServiceWildcard",
         "InfrastructureModification")
POLICY_TYPES = {"inline_policies": "inline", "customer_managed_policies": "customer-managed",
                "aws_managed_policies": "aws-managed"}
ALLOWLIST_KEYS = {"role", "policy", "risk", "actions", "reason"}


@dataclass(frozen=True, order=True)
class Finding:
    role: str
    policy: str
    policy_type: str
    risk: str
    action: str

    def __str__(self):
        return f"role {self.role}, {self.policy_type} policy {self.policy}: {self.risk} {self.action}"


# ---- input: the deployment's roles as IAM reports them ----------------------------------------------------------
def _has_tags(role, tags):
    present = {t["Key"]: t["Value"] for t in role.get("Tags", [])}
    return all(present.get(key) == value for key, value in tags.items())


def authorization_details(iam, tags):
    """GetAccountAuthorizationDetails restricted to the roles carrying every tag of `tags`, and their policies."""
    roles, policies = [], {}
    paginator = iam.get_paginator("get_account_authorization_details")
    for page in paginator.paginate(Filter=["Role", "LocalManagedPolicy", "AWSManagedPolicy"]):
        roles += [role for role in page["RoleDetailList"] if _has_tags(role, tags)]
        policies.update((p["Arn"], p) for p in page["Policies"])
    attached = {p["PolicyArn"] for role in roles for p in role.get("AttachedManagedPolicies", [])}
    missing = attached - set(policies)
    assert not missing, f"attached policies absent from the authorization details: {sorted(missing)}"
    return dict(RoleDetailList=sorted(roles, key=lambda r: r["RoleName"]), UserDetailList=[], GroupDetailList=[],
                Policies=[policies[arn] for arn in sorted(attached)])


# ---- the analyzer ---------------------------------------------------------------------------------------------
def scan(details):
    """cloudsplaining's results for `details` (run in its virtualenv, on its bundled IAM database only)."""
    with tempfile.TemporaryDirectory() as home:  # no ~/.policy_sentry override of the pinned database
        proc = subprocess.run([CLOUDSPLAINING_PYTHON, SCAN_SCRIPT], input=json.dumps(details, default=str),
                              capture_output=True, text=True, timeout=300, env=dict(os.environ, HOME=home), check=False)
    assert proc.returncode == 0, f"cloudsplaining failed ({CLOUDSPLAINING_PYTHON}; `make venv` installs it):\n" \
                                 f"{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def findings(results):
    """One Finding per (role, policy, risk, action) of cloudsplaining's results, sorted."""
    found = set()
    for role in results["roles"].values():
        if role.get("is_excluded"):
            continue
        for section, policy_type in POLICY_TYPES.items():
            for policy_id in role.get(section, {}):
                policy = results[section][policy_id]
                for risk in RISKS:
                    for item in policy.get(risk, {}).get("findings", []):
                        action = item["type"] if isinstance(item, dict) else item  # privilege escalation: method
                        found.add(Finding(role["name"], policy["PolicyName"], policy_type, risk, action))
    return sorted(found)


def analyze(details):
    return findings(scan(details))


# ---- the reviewed allow-list ----------------------------------------------------------------------------------
def load_allowlist(path=ALLOWLIST):
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)["accepted"]
    for index, entry in enumerate(entries):
        assert set(entry) == ALLOWLIST_KEYS, f"{path}: accepted[{index}] must have exactly {sorted(ALLOWLIST_KEYS)}"
        assert entry["risk"] in RISKS, f"{path}: accepted[{index}].risk must be one of {RISKS}"
        assert isinstance(entry["reason"], str) and entry["reason"].strip() and "\n" not in entry["reason"].strip(), \
            f"{path}: accepted[{index}].reason must be one line"
        assert entry["actions"] and all(isinstance(a, str) and "*" not in a for a in entry["actions"]), \
            f"{path}: accepted[{index}].actions must name each action (no wildcard)"
    return entries


def _accepts(entry, finding):
    return (fnmatch.fnmatchcase(finding.role, entry["role"]) and entry["policy"] == finding.policy
            and entry["risk"] == finding.risk and finding.action in entry["actions"])


def unexplained(found, entries):
    """Findings no allow-list entry accepts."""
    return [f for f in found if not any(_accepts(entry, f) for entry in entries)]


def unused(found, entries):
    """(entry index, action) pairs of the allow-list that no finding needs: the list must not outgrow the code."""
    return [(index, action) for index, entry in enumerate(entries) for action in entry["actions"]
            if not any(_accepts(dict(entry, actions=[action]), f) for f in found)]


def report(items):
    return "\n".join(f"  - {item}" for item in items)
