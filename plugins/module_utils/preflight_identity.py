# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Identity check: the caller's account (STS) must be the inventory's account; credentials must work."""

from __future__ import annotations

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import (
    ACCOUNT_RE,
    AwsCallError,
    KeyNames,
    Problems,
)

KEYS = dict(account_id="ecs_aws_account_id", credentials="ecs_aws_env")


class IdentityCheck:
    def __init__(self, api, account_id, key_names=None):
        self.api = api
        self.account_id = str(account_id or "")
        self.keys = KeyNames(KEYS, key_names)
        self.problems = Problems()

    def run(self):
        caller = dict(account=None, arn=None, user_id=None)
        if not ACCOUNT_RE.match(self.account_id):
            self.problems.add(self.keys("account_id"), self.account_id, "the account id is not 12 digits",
                              "Set the deployment's 12-digit AWS account id")
        try:
            identity = self.api.call("sts", "get_caller_identity")
        except AwsCallError as exc:
            # Credentials are the usual cause; say it once, plainly, whatever the underlying error.
            reason = exc.message if exc.fatal else f"sts:GetCallerIdentity failed ({exc.code}: {exc.message})"
            self.problems.add(self.keys("credentials"), "AWS credentials", reason,
                              exc.action or "Check the credentials and network access to AWS STS")
            return dict(problems=self.problems, caller=caller, account_matches=False)
        caller = dict(account=identity.get("Account"), arn=identity.get("Arn"), user_id=identity.get("UserId"))
        matches = caller["account"] == self.account_id
        if not matches and ACCOUNT_RE.match(self.account_id):
            self.problems.add(
                self.keys("account_id"), self.account_id,
                f"the AWS credentials belong to account {caller['account']} ({caller['arn']}), not to the "
                "inventory's account",
                "Use credentials for the inventory's account, or correct ecs_aws_account_id; nothing else was checked")
        return dict(problems=self.problems, caller=caller, account_matches=matches)
