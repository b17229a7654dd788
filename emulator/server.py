"""The ``serve`` command: moto's WSGI app with our fixes applied, bound to 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from emulator import HOST, fixes, hooks

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
    with N > 1) and a request slower than SLOW_SECONDS, each with its API name and invocation id. A retried
    non-idempotent call (a DynamoDB lock PutItem) is how a client ends up refused by its own write."""

    SLOW_SECONDS = 5.0

    def __init__(self, app: Any, stream: Any = None, clock: Any = time.monotonic) -> None:
        self.app, self.stream, self.clock = app, stream, clock

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        started = self.clock()
        attempt = environ.get("HTTP_AMZ_SDK_REQUEST", "")
        try:
            return self.app(environ, start_response)
        finally:
            elapsed = self.clock() - started
            retried = bool(attempt) and not attempt.startswith("attempt=1;")
            if retried or elapsed >= self.SLOW_SECONDS:
                target = environ.get("HTTP_X_AMZ_TARGET") or "%s %s" % (
                    environ.get("REQUEST_METHOD"),
                    environ.get("PATH_INFO"),
                )
                print(
                    "request trace: %s %s %.1fs invocation=%s"
                    % (target, attempt or "attempt=?", elapsed, environ.get("HTTP_AMZ_SDK_INVOCATION_ID", "-")),
                    file=self.stream or sys.stderr,
                    flush=True,
                )


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
