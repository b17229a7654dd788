# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

"""Real requests through the load balancer: the one check that does not infer "serving" from counts.

Each poll sends a bounded batch (``requests`` in total, spread over the services' paths, ``concurrency`` at a time,
stopped at ``time_limit`` seconds) to the listener's URL and counts what came back: a 2xx or 3xx answer is served;
any other status, a connection error or a timeout is a failed request. A poll passes when every request of its batch
was served (or no more than ``max_failed`` failed). Every batch counts in the totals the module returns, so a run that
needed two polls says how many requests failed before the service answered.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError

from ansible.module_utils.urls import Request, make_context
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_common import Check, Observation

TRAFFIC = dict(
    url=dict(type="str", required=True),
    host_header=dict(type="str"),
    validate_certs=dict(type="bool", default=True),
    services=dict(type="list", elements="dict", required=True, options=dict(
        name=dict(type="str", required=True),
        path=dict(type="str", required=True),
        host=dict(type="str"),  # the Host header its listener rule routes on, when it routes on one
    )),
    requests=dict(type="int", default=100),
    concurrency=dict(type="int", default=4),
    timeout=dict(type="int", default=10),
    time_limit=dict(type="int", default=60),
    max_failed=dict(type="int", default=0),
)


def percentile(values, share):
    """The nearest-rank percentile of a list of numbers (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))  # ceil(share * n), at least the first
    return ordered[min(rank, len(ordered)) - 1]


class Batch:
    """One poll's requests: per service, what was sent, what failed and why, and each answer's latency."""

    def __init__(self, names):
        self.sent = dict((name, 0) for name in names)
        self.failed = dict((name, 0) for name in names)
        self.outcomes = dict((name, {}) for name in names)  # name -> {"200": n, "502": n, "timeout": n, ...}
        self.latencies = []
        self.unsent = 0

    def record(self, name, outcome, seconds):
        self.sent[name] += 1
        self.outcomes[name][outcome] = self.outcomes[name].get(outcome, 0) + 1
        if outcome[:1] not in ("2", "3"):
            self.failed[name] += 1
        self.latencies.append(seconds)


def shared_context_opener(validate_certs):
    """open_url for one batch with one TLS context. open_url builds a context per request (the CA bundle read and
    parsed each time, ~20 ms of CPU under the GIL): 100 requests took 2 s on loopback, where the server answers
    them in 0.2 s, and latency grew with concurrency."""
    context = make_context(validate_certs=validate_certs)

    def open_one(url, method="GET", headers=None, timeout=10, validate_certs=True, follow_redirects="none"):
        return Request().open(method, url, headers=headers, timeout=timeout, validate_certs=validate_certs,
                              follow_redirects=follow_redirects, context=context)

    return open_one


class TrafficVerifier:
    def __init__(self, url, services, host_header=None, validate_certs=True, requests=100, concurrency=4, timeout=10,
                 time_limit=60, max_failed=0, opener=None):
        self.url = url.rstrip("/")
        self.services = services
        self.host_header = host_header
        self.validate_certs = validate_certs
        self.requests = max(1, requests)
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.time_limit = time_limit
        self.max_failed = max(0, max_failed)
        self._open = opener or shared_context_opener(validate_certs)
        self.totals = dict(sent=0, failed=0, polls=0)

    def _one(self, service, deadline):
        """(service name, outcome, seconds): the status code as text, or the kind of error."""
        name, path = service["name"], service["path"]
        if time.monotonic() >= deadline:
            return name, None, 0.0
        host = service.get("host") or self.host_header
        headers = {"Host": host} if host else {}
        started = time.monotonic()
        try:
            response = self._open(self.url + path, method="GET", headers=headers, timeout=self.timeout,
                                  validate_certs=self.validate_certs, follow_redirects="none")
            response.read()
            outcome = str(response.getcode())
        except HTTPError as exc:
            outcome = str(exc.code)
        except Exception as exc:  # every way a request can fail is a failed request; its kind says which
            outcome = "timeout" if "timed out" in str(exc).lower() else "error: %s" % type(exc).__name__
        return name, outcome, time.monotonic() - started

    def send(self):
        batch = Batch([s["name"] for s in self.services])
        deadline = time.monotonic() + self.time_limit
        work = [self.services[i % len(self.services)] for i in range(self.requests)]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            for name, outcome, seconds in pool.map(lambda s: self._one(s, deadline), work):
                if outcome is None:
                    batch.unsent += 1
                else:
                    batch.record(name, outcome, seconds)
        return batch

    def observe(self, _poll=None):
        batch = self.send()
        self.totals["polls"] += 1
        self.totals["sent"] += sum(batch.sent.values())
        self.totals["failed"] += sum(batch.failed.values()) + batch.unsent
        checks = []
        for service in self.services:
            name = service["name"]
            sent, failed = batch.sent[name], batch.failed[name]
            outcomes = ", ".join("%s x%d" % (k, v) for k, v in sorted(batch.outcomes[name].items()))
            checks.append(Check(
                "traffic %s" % name, "requests served", failed <= self.max_failed and sent > 0,
                "%s%s answered 2xx/3xx" % ("all" if not self.max_failed else "all but %d" % self.max_failed,
                                           " of GET %s" % service["path"]),
                "%d of %d failed (%s)" % (failed, sent, outcomes or "none sent"),
                reason="%d of %d requests to %s%s failed (%s)" % (failed, sent, self.url, service["path"],
                                                                  outcomes or "none sent"),
                action="Check the targets' health and the listener rules; a 5xx from the load balancer means no "
                       "healthy target answered"))
        if batch.unsent:
            checks.append(Check(
                "traffic", "requests sent in time", False, "%d within %d s" % (self.requests, self.time_limit),
                "%d not sent" % batch.unsent, reason="the time limit ended the batch with %d requests unsent"
                % batch.unsent, action="Raise time_limit or concurrency, or lower requests"))
        p50, p99 = percentile(batch.latencies, 0.50), percentile(batch.latencies, 0.99)
        facts = dict(requests_sent=self.totals["sent"], requests_failed=self.totals["failed"],
                     batches=self.totals["polls"], last_batch=dict(
                         sent=sum(batch.sent.values()), failed=sum(batch.failed.values()), unsent=batch.unsent,
                         outcomes=batch.outcomes, p50_ms=None if p50 is None else round(p50 * 1000, 1),
                         p99_ms=None if p99 is None else round(p99 * 1000, 1)))
        return Observation(checks, facts)
