"""A bounded load generator for the tests: real HTTP requests to a loopback listener endpoint of the emulator.

Written apart from the product's traffic verification (plugins/module_utils/verify_traffic.py) on purpose: it is the
tests' own oracle of "served". Loopback only; stops at ``max_requests``, at ``time_limit`` seconds, or at ``stop()``,
whichever comes first. Every request is recorded: when it started, how long it took, its status (or the error), and
the task definition revision and task id the answering task reported (the emulator's stand-in image sends them).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


def listener_url(emulator_url: str, load_balancer: str, port: int = 443) -> str:
    """The loopback URL the emulator serves a listener on (emulator/README.md, "Data plane")."""
    query = urllib.parse.urlencode({"load_balancer": load_balancer, "port": port})
    if not emulator_url.startswith("http://127.0.0.1:"):
        raise ValueError(f"not the emulator on loopback: {emulator_url}")
    with urllib.request.urlopen(  # noqa: S310 (checked just above: http on loopback)
            f"{emulator_url}/_emulator/listeners/url?{query}", timeout=10) as answer:
        return answer.read().decode().strip()


@dataclass
class Result:
    started: float
    seconds: float
    status: int | None
    error: str | None = None
    revision: int | None = None
    task_id: str | None = None

    @property
    def served(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


@dataclass
class TrafficLoad:
    url: str
    paths: list[str] = field(default_factory=lambda: ["/"])
    rate: float = 60.0  # requests per second, over all workers
    workers: int = 6
    max_requests: int = 10000
    time_limit: float = 300.0
    timeout: float = 15.0
    results: list[Result] = field(default_factory=list)

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlsplit(self.url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError(f"the load generator sends to loopback only, not {self.url}")
        self._host, self._port = parsed.hostname, parsed.port or 80
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._issued = 0
        self._threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(self.workers)]

    def _next(self) -> int | None:
        with self._lock:
            if self._stop.is_set() or self._issued >= self.max_requests:
                return None
            self._issued += 1
            return self._issued - 1

    def _send(self, path: str) -> Result:
        started = time.monotonic()
        connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        try:
            connection.request("GET", path)
            answer = connection.getresponse()
            body = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            return Result(started, time.monotonic() - started, None, error=type(exc).__name__)
        finally:
            connection.close()
        revision = task_id = None
        try:
            data = json.loads(body)
            revision, task_id = int(data["revision"]), data.get("task_id")
        except (ValueError, KeyError, TypeError):
            pass
        return Result(started, time.monotonic() - started, answer.status, revision=revision, task_id=task_id)

    def _work(self, worker: int) -> None:
        gap = self.workers / self.rate  # each worker's pace, so that all together send `rate` per second
        next_at = time.monotonic() + worker * gap / self.workers
        while True:
            index = self._next()
            if index is None:
                return
            pause = next_at - time.monotonic()
            if pause > 0 and self._stop.wait(pause):
                return
            next_at = max(next_at + gap, time.monotonic())
            result = self._send(self.paths[index % len(self.paths)])
            with self._lock:
                self.results.append(result)

    def __enter__(self) -> TrafficLoad:
        self._deadline = threading.Timer(self.time_limit, self._stop.set)
        self._deadline.daemon = True
        self._deadline.start()
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)
        self._deadline.cancel()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what the run saw ------------------------------------------------------------------------------------
    def ordered(self) -> list[Result]:
        return sorted(self.results, key=lambda r: r.started)

    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.served]

    def p99_ms(self) -> float:
        latencies = sorted(r.seconds for r in self.results)
        return round(latencies[max(0, -(-99 * len(latencies) // 100) - 1)] * 1000, 1) if latencies else 0.0

    def revisions(self) -> list[int | None]:
        """The revision of every served answer, in the order the requests started."""
        return [r.revision for r in self.ordered() if r.served]

    def summary(self) -> dict[str, object]:
        counts: dict[str, int] = {}
        for r in self.results:
            key = str(r.status) if r.status is not None else r.error or "error"
            counts[key] = counts.get(key, 0) + 1
        by_revision: dict[str, int] = {}
        for revision in self.revisions():
            by_revision[str(revision)] = by_revision.get(str(revision), 0) + 1
        return {"sent": len(self.results), "failed": len(self.failed()), "outcomes": counts,
                "p99_ms": self.p99_ms(), "by_revision": by_revision}
