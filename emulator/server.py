"""The ``serve`` command: moto's WSGI app with our fixes applied, bound to 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from emulator import HOST, fixes, hooks
from emulator.wsgi_request import SHORT_BODY_KEY, query_action

INFO_PATH = "/_emulator/info"  # not a valid S3 bucket name, so it cannot shadow an AWS path


class InfoMiddleware:
    """Answers INFO_PATH with who we are and which fixes are on; everything else goes to moto."""

    def __init__(self, app: Any, info: dict[str, Any]) -> None:
        self.app = app
        self.info = info

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == INFO_PATH:
            body = json.dumps(self.info).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return self.app(environ, start_response)


class RequestTraceMiddleware:
    """Logs, to the emulator log, what an access line cannot show: an SDK retry (``amz-sdk-request: attempt=N``
    with N > 1) and a request slower than SLOW_SECONDS, each with its API name (X-Amz-Target, or the query
    protocol's Action) and invocation id. A retry also says what became of the earlier attempts of the same
    invocation: answered (status, body written in full or not), received and still in progress, or never received.
    An attempt that ends after a later one of its invocation is logged too: the client gave up on it while the app
    still had it. A retried non-idempotent call whose first attempt was carried out is how a client ends up with a
    duplicate, refused by its own lock, or told that what it just deleted does not exist."""

    SLOW_SECONDS = 5.0
    REMEMBERED = 4096  # invocations kept, to explain a retry of any of them

    def __init__(self, app: Any, stream: Any = None, clock: Any = time.monotonic) -> None:
        self.app, self.stream, self.clock = app, stream, clock
        self.attempts: OrderedDict[str, list[str]] = OrderedDict()
        self.in_progress: dict[str, set[str]] = {}  # invocation -> attempt numbers received and not ended
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        started = self.clock()
        attempt = environ.get("HTTP_AMZ_SDK_REQUEST", "")
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID", "-")
        target = environ.get("HTTP_X_AMZ_TARGET") or query_action(environ) or "%s %s" % (
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
        )
        status: list[str] = []
        if invocation != "-":
            with self.lock:
                self.in_progress.setdefault(invocation, set()).add(self._number(attempt))

        def recording_start_response(code: str, headers: Any, exc_info: Any = None) -> Any:
            status[:] = [code.split(" ", 1)[0]]
            return start_response(code, headers, exc_info) if exc_info else start_response(code, headers)

        try:
            body = self.app(environ, recording_start_response)
        except BaseException:
            self._done(invocation, attempt, target, started, "raised", False)
            raise
        return _Written(body, lambda written: self._done(invocation, attempt, target, started,
                                                         status[0] if status else "?", written,
                                                         environ.get(SHORT_BODY_KEY)))

    @staticmethod
    def _number(attempt: str) -> str:
        return attempt.split("attempt=", 1)[1].split(";", 1)[0] if "attempt=" in attempt else "?"

    def _done(self, invocation: str, attempt: str, target: str, started: float, status: str, written: bool,
              short_body: str | None = None) -> None:
        elapsed = self.clock() - started
        number = self._number(attempt)
        retried = bool(attempt) and number != "1"
        late = ""
        with self.lock:
            earlier = list(self.attempts.get(invocation, [])) if invocation != "-" else []
            if invocation != "-":
                pending = self.in_progress.get(invocation, set())
                pending.discard(number)
                if not pending:
                    self.in_progress.pop(invocation, None)
                later = [e for e in earlier if _after(e.split(" ", 2)[1], number)]
                if later:
                    late = "; ended after %s: the client had given up on it" % ", ".join(later)
                earlier += ["attempt %s received, not answered yet" % n for n in sorted(pending) if _after(number, n)]
                notes = ([] if written else ["body not written in full"]) + ([short_body] if short_body else [])
                self.attempts.setdefault(invocation, []).append(
                    "attempt %s %s%s" % (number, status, " (%s)" % "; ".join(notes) if notes else ""))
                self.attempts.move_to_end(invocation)
                while len(self.attempts) > self.REMEMBERED:
                    self.attempts.popitem(last=False)
        if retried or late or short_body or elapsed >= self.SLOW_SECONDS:
            before = late
            if retried and not late:
                before = "; earlier: %s" % (", ".join(earlier) or "none received (lost before the app read it)")
            before += "; this attempt's %s" % short_body if short_body else ""
            print("request trace: %s %s %.1fs invocation=%s%s" % (target, attempt or "attempt=?", elapsed, invocation,
                                                                  before),
                  file=self.stream or sys.stderr, flush=True)


def _after(number: str, other: str) -> bool:
    """Attempt `number` comes after attempt `other` (both as the amz-sdk-request header gives them)."""
    return number.isdigit() and other.isdigit() and int(number) > int(other)


class _Written:
    """The app's response body, calling `done(True)` once the server has taken every chunk of it (the server writes
    each chunk before asking for the next), `done(False)` if it stopped before, e.g. on a broken connection.
    Reported as soon as the last chunk is taken, not at `close()`: werkzeug drains the socket between the two, and a
    client that resets the connection then makes it skip `close()` altogether."""

    def __init__(self, body: Any, done: Any) -> None:
        self.body, self.done, self.reported = body, done, False

    def __iter__(self) -> Any:
        yield from self.body
        self._report(True)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self._report(False)

    def _report(self, written: bool) -> None:
        if not self.reported:
            self.reported = True
            self.done(written)


def prepare_environment(port: int) -> None:
    """Settings moto reads at import or first use; must run before moto is imported."""
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # AWS-managed policies exist, as in AWS
    os.environ["MOTO_PORT"] = str(port)  # moto builds some URLs (SQS queue URLs, ...) from it


def build_app(port: int) -> tuple[Any, dict[str, Any]]:
    prepare_environment(port)
    applied = fixes.apply_enabled(os.environ.get("EMULATOR_DISABLE_FIXES"))

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    moto_app = DomainDispatcherApplication(create_backend_app)
    # boot_id changes with every start: all AWS state lives in this process's memory, so a client that
    # sees a new boot_id knows that everything it created before (and any Terraform state kept here) is gone
    info = {
        "emulator": "platform_ops.ecs_ec2",
        "port": port,
        "fixes": applied,
        "boot_id": str(uuid.uuid4()),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "state": "in-memory: lost when this process stops",
    }
    app = InfoMiddleware(moto_app, info)
    hooks.load_builtin_hooks()
    return RequestTraceMiddleware(hooks.run_post_app_hooks(app)), info


def serve(port: int) -> int:
    app, info = build_app(port)

    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"emulator serving on http://{HOST}:{port} (fixes: {', '.join(info['fixes']) or 'none'})", flush=True)
    run_simple(HOST, port, app, threaded=True, use_reloader=False, request_handler=MotoRequestHandler)
    return 0
