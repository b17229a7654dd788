"""EC2 honours ClientToken: a call repeated with the same idempotency token returns the first call's result.

AWS carries out an EC2 create that has a ``ClientToken`` once: a repeat with the same token and parameters gets the
original answer (same resource), with other parameters ``IdempotentParameterMismatch``. The AWS SDKs fill the token
in themselves, so a call retried after a lost or broken response is harmless in AWS. moto ignores the token: the
retry of CreateRouteTable makes a second route table that no state knows, CreateLaunchTemplate or CreateNatGateway
fails with "already in use" / "already associated", and the apply fails or leaves an orphan.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from typing import Any

from emulator.fixes import Fix, register

KEPT = 10000  # tokens remembered per emulator process (AWS keeps them for at least 24 hours)


def _apply() -> None:
    from moto.core.responses import ActionResult
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses import EC2Response

    original = EC2Response.call_action
    answered: dict[tuple[str, str, str, str], tuple[str, Any]] = {}
    lock = threading.Lock()

    def call_action(self: Any) -> Any:
        token = (self.querystring.get("ClientToken") or [None])[0]
        if not token:
            return original(self)
        action = self._get_action()
        params = {k: v for k, v in self.querystring.items() if k not in ("ClientToken", "Action", "Version")}
        digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
        key = (self.current_account, self.region, action, token)
        with lock:
            earlier = answered.get(key)
        if earlier is not None:
            if earlier[0] != digest:
                error = EC2ClientError(
                    "IdempotentParameterMismatch",
                    "Client token %s was already used for %s with different parameters" % (token, action),
                )
                status, headers, body = self.serialized(ActionResult(error))  # as moto answers its own errors
                return (status, *self._enrich_response(headers, body))
            return copy.deepcopy(earlier[1])
        result = original(self)
        if int(result[0]) < 300:
            with lock:
                if len(answered) >= KEPT:
                    answered.pop(next(iter(answered)))
                answered[key] = (digest, copy.deepcopy(result))
        return result

    EC2Response.call_action = call_action


FIX = register(
    Fix(
        id="ec2-client-token",
        gap="EC2 calls ignore ClientToken: a repeated call with the same idempotency token is carried out again",
        symptom="an SDK retry of CreateRouteTable leaves a duplicate route table no state knows (orphan); "
        "a retried CreateLaunchTemplate / CreateNatGateway fails the apply with 'already in use'",
        apply=_apply,
    )
)
