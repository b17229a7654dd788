"""Runs inside .venv/cloudsplaining: account authorization details (JSON, stdin) -> cloudsplaining results (stdout).

Kept apart from tests/iam/analysis.py because cloudsplaining lives in its own virtualenv. Nothing is excluded:
cloudsplaining's default exclusions skip every policy under /service-role/ (AmazonEC2ContainerServiceforEC2Role,
AmazonECSTaskExecutionRolePolicy), which are exactly the AWS-managed policies the deployment attaches.
"""

import json
import sys

from cloudsplaining.scan.authorization_details import AuthorizationDetails
from cloudsplaining.shared.constants import DEFAULT_EXCLUSIONS_CONFIG
from cloudsplaining.shared.exclusions import Exclusions


def main():
    details = json.load(sys.stdin)
    config = dict(DEFAULT_EXCLUSIONS_CONFIG, policies=[""], roles=[""], users=[""], groups=[""])
    results = AuthorizationDetails(details, Exclusions(config)).results
    keys = ("roles", "inline_policies", "aws_managed_policies", "customer_managed_policies")
    json.dump({key: results[key] for key in keys}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
