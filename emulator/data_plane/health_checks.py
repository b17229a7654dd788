"""Real ALB health checks of the targets that simulated tasks own: GET <HealthCheckPath> of the target group to the
task's stand-in, every HealthCheckIntervalSeconds (scaled by the clock), with HealthCheckTimeoutSeconds (wall clock:
a check is a real request, and a scaled 5 s would be 0.1 s at the tests' time scale, less than a loaded machine
needs), judged by the group's Matcher.

A ``Probe`` per target record keeps the consecutive passes and failures; ``targets.follow`` turns them into the
target's state with the group's thresholds. ``collect`` runs under the control plane's lock and only reads; the
checks themselves run in a small pool, outside it.
"""

from __future__ import annotations

import http.client
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from emulator import HOST
from emulator.control_plane import targets
from emulator.control_plane.settings import Clock
from emulator.data_plane.matcher import matches, success_codes

Failure = tuple[str, str]  # (reason code, description), as DescribeTargetHealth reports them
TIMED_OUT: Failure = ("Target.Timeout", "Request timed out")
FAILED: Failure = ("Target.FailedHealthChecks", "Health checks failed")
CHECK_WORKERS = 8


@dataclass
class Probe:
    record: Any  # the TargetRecord checked
    group: Any  # its moto target group
    next_due: float
    busy: bool = False
    result: tuple[int, int, Failure | None] = (0, 0, None)  # consecutive passes, consecutive failures, last failure

    def restart(self) -> None:
        """A fault overrides the checks: once it ends, the thresholds count from zero."""
        self.result = (0, 0, None)

    def passed(self) -> None:
        self.result = (self.result[0] + 1, 0, None)

    def failed(self, failure: Failure) -> None:
        self.result = (0, self.result[1] + 1, failure)


@dataclass(frozen=True)
class Check:
    probe: Probe
    port: int | None  # the stand-in's port; None: the task has no server (refused)
    path: str
    host: str
    timeout: float
    codes: str


class HealthChecker:
    def __init__(self, clock: Clock, port_of: Any) -> None:
        self.clock = clock
        self.port_of = port_of  # task -> its stand-in's port, or None
        self.probes: dict[int, Probe] = {}  # id(record) -> probe; changed under the control plane's lock only
        self.checks = 0
        self.next_due: float | None = None  # when the next check is due (the last collect's view), or None
        self._pool = ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="health-check")

    def probe_for(self, group: Any, record: Any) -> Probe | None:
        """The probe of a task's target (created on first sight); None for targets no task owns."""
        if record.owner is None:
            return None
        probe = self.probes.get(id(record))
        if probe is None or probe.record is not record:
            interval = targets.check_times(group)[0]
            probe = Probe(record, group, next_due=record.registered_at + self.clock.wall(interval))
            self.probes[id(record)] = probe
        return probe

    def collect(self) -> list[Check]:
        """Under the control plane's lock: forget the probes of targets gone, and take the checks that are due."""
        now = self.clock.now()
        due, upcoming = [], []
        for ident, probe in list(self.probes.items()):
            group, record = probe.group, probe.record
            task = record.owner
            live_group = task._region.elbv2.target_groups.get(group.arn) is group
            if not live_group or targets.records(group).get(targets.key_of(group, record.target_id, record.port)) \
                    is not record:
                del self.probes[ident]
                continue
            if probe.busy or record.drain_until is not None or not getattr(group, "health_check_enabled", True):
                continue
            if now < probe.next_due:
                upcoming.append(probe.next_due)
                continue
            interval = self.clock.wall(targets.check_times(group)[0])
            # keep the cadence (a check dispatched late does not push the next ones back), unless far behind
            probe.busy, probe.next_due = True, max(probe.next_due + interval, now)
            upcoming.append(probe.next_due)
            due.append(
                Check(
                    probe,
                    self.port_of(task),
                    group.health_check_path or "/",
                    f"{record.target_id}:{record.port}",
                    float(group.health_check_timeout_seconds or 5),
                    success_codes(group.matcher),
                )
            )
        self.next_due = min(upcoming, default=None)
        return due

    def start(self, checks: list[Check]) -> None:
        for check in checks:
            self._pool.submit(self.run, check)

    def run(self, check: Check) -> None:
        try:
            failure = self.outcome(check)
        except Exception:  # a check must never kill the pool's worker; it counts as failed
            failure = FAILED
        self.checks += 1
        if failure:
            check.probe.failed(failure)
        else:
            check.probe.passed()
        check.probe.busy = False

    @staticmethod
    def outcome(check: Check) -> Failure | None:
        if check.port is None:
            return FAILED
        connection = http.client.HTTPConnection(HOST, check.port, timeout=check.timeout)
        try:
            connection.request("GET", check.path, headers={"Host": check.host, "User-Agent": "ELB-HealthChecker/2.0"})
            status = connection.getresponse().status
        except (TimeoutError, socket.timeout):
            return TIMED_OUT
        except (OSError, http.client.HTTPException):
            return FAILED
        finally:
            connection.close()
        if matches(check.codes, status):
            return None
        return "Target.ResponseCodeMismatch", f"Health checks failed with these codes: [{status}]"

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
