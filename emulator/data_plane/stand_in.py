"""The stand-in for a task's image: what a running service task answers on its loopback port.

Contract (emulator/README.md, "Data plane"): GET or HEAD of any path answers 200 with the JSON
``{"task_arn", "task_id", "task_definition_arn", "family", "revision", "image", "container", "path", "host"}``
and the header ``X-Task-Revision``; ``?delay=<seconds>`` (wall clock, at most 30) answers after that long. POST,
PUT, PATCH, DELETE and OPTIONS answer the same (a request body is read and ignored). The image's fault
(``Faults.image_behaviour``), read on every request so a fault set later applies to tasks already running: every path
503 (failing image / ``fail_health``), ``status`` per path, 503 during ``start_delay`` after the task started.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from emulator.data_plane.loopback_server import LoopbackServer, reset

MAX_DELAY = 30.0


@dataclass(frozen=True)
class Identity:
    """Who answers: the fields of the stand-in's JSON body."""

    task_arn: str
    task_definition_arn: str
    image: str
    container: str

    @property
    def task_id(self) -> str:
        return self.task_arn.rsplit("/", 1)[-1]

    @property
    def family_revision(self) -> tuple[str, int]:
        family, _dummy, revision = self.task_definition_arn.rsplit("/", 1)[-1].rpartition(":")
        try:
            return family, int(revision)
        except ValueError:
            return self.task_definition_arn.rsplit("/", 1)[-1], 0


class StandIn(LoopbackServer):
    """One task's server. ``behaviour()`` returns the image's fault as (status per path, start delay in wall seconds,
    fails every path); ``started_at`` is when the task started (monotonic)."""

    def __init__(self, identity: Identity, behaviour: Any, started_at: float) -> None:
        super().__init__(StandInHandler, name=f"task-{identity.task_id[:8]}")
        self.identity = identity
        self.behaviour = behaviour
        self.started_at = started_at


class StandInHandler(BaseHTTPRequestHandler):
    server: StandIn
    protocol_version = "HTTP/1.0"  # one request per connection: a stop refuses the next one, as a closed port does
    server_version = "emulator-stand-in"

    def do_GET(self) -> None:
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        self.answer(with_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(length)  # unread, its bytes would turn our close into a reset
        self.answer(with_body=True)

    do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_POST

    def answer(self, with_body: bool) -> None:
        url = urlsplit(self.path)
        delay = requested_delay(url.query)
        if delay and self.server.cut_event.wait(delay):
            reset(self.connection)  # the task was killed while it worked on this request
            return
        if self.server.cut_event.is_set():
            reset(self.connection)
            return
        statuses, start_delay, fails = self.server.behaviour()
        code = 200
        if fails or time.monotonic() < self.server.started_at + start_delay:
            code = 503
        elif url.path in statuses:
            code = statuses[url.path]
        identity = self.server.identity
        family, revision = identity.family_revision
        body = json.dumps(
            {
                "task_arn": identity.task_arn,
                "task_id": identity.task_id,
                "task_definition_arn": identity.task_definition_arn,
                "family": family,
                "revision": revision,
                "image": identity.image,
                "container": identity.container,
                "path": url.path,
                "host": self.headers.get("Host", ""),
            }
        ).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Task-Revision", str(revision))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a load test would flood the emulator log."""


def requested_delay(query: str) -> float:
    try:
        value = float(parse_qs(query).get("delay", ["0"])[0])
    except ValueError:
        return 0.0
    return min(max(value, 0.0), MAX_DELAY)
