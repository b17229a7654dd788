"""Client side of the fault API, for ``python -m emulator fault ...``."""

from __future__ import annotations

import argparse
import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from emulator import HOST

KINDS = ("unhealthy-targets", "failing-image", "image", "spot-interruption", "throttle", "lost-response",
         "fail-operation", "clear", "list")


class FaultClientError(RuntimeError):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, help="fault to inject, clear them all, or list the active ones")
    parser.add_argument("pattern", nargs="?", help="image: the image (repository[:tag]) whose stand-in misbehaves")
    parser.add_argument("--target-group", dest="target_group_arn", help="unhealthy-targets: target group ARN")
    parser.add_argument("--cluster", help="unhealthy-targets / spot-interruption: ECS cluster name")
    parser.add_argument("--service", help="unhealthy-targets: ECS service; throttle: SigV4 signing name (ecs, ec2...)")
    parser.add_argument("--reason", help="unhealthy-targets: Target.ResponseCodeMismatch (default), Target.Timeout...")
    parser.add_argument("--description", help="unhealthy-targets: description reported with the reason")
    parser.add_argument("--image", help="failing-image: image (repository[:tag]) whose tasks fail")
    parser.add_argument("--instance-id", dest="instance_ids", action="append", help="spot-interruption (repeatable)")
    parser.add_argument("--asg", dest="asg_name", help="spot-interruption: pick Spot instances of this group")
    parser.add_argument("--count", type=int, help="spot-interruption: instances; lost-response, fail-operation: calls")
    parser.add_argument("--target", help="lost-response, fail-operation: the X-Amz-Target (or <signing name>.<Action>, "
                        "e.g. ec2.CreateRouteTable, elasticloadbalancing.DeleteListener, ecs.DeleteCluster)")
    parser.add_argument("--code", help="fail-operation: the AWS error code answered (default AccessDenied)")
    parser.add_argument("--seconds", type=float, help="throttle: how long, in wall-clock seconds")
    parser.add_argument("--from-first-call", dest="from_first_call", action="store_true", default=None,
                        help="throttle: the seconds start at the service's first call, not now")
    parser.add_argument("--region", help="spot-interruption: region (default us-east-1)")
    parser.add_argument("--status", action="append", type=path_status, metavar="/PATH=CODE",
                        help="image: that path answers that HTTP code (repeatable), e.g. /health=404")
    parser.add_argument("--start-delay", dest="start_delay", type=float,
                        help="image: answers 503 for this many (AWS, scaled) seconds after a task starts")
    parser.add_argument("--sigterm-delay", dest="sigterm_delay", type=float,
                        help="image: in-flight requests get this many (AWS, scaled) seconds when a task stops")
    parser.add_argument("--fail-health", dest="fail_health", action="store_true", default=None,
                        help="image: every path answers 503 (as failing-image)")


def path_status(value: str) -> tuple[str, int]:
    path, _dummy, code = value.partition("=")
    if not path.startswith("/") or not code.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not /PATH=CODE (e.g. /health=404)")
    return path, int(code)


def request_for(args: argparse.Namespace) -> tuple[str, str, dict[str, Any] | None]:
    if args.kind == "list":
        return "GET", "/_emulator/faults", None
    if args.kind == "clear":
        return "POST", "/_emulator/faults/clear", {}
    fields = {
        "unhealthy-targets": ("target_group_arn", "cluster", "service", "reason", "description"),
        "failing-image": ("image",),
        "image": (),
        "spot-interruption": ("instance_ids", "asg_name", "cluster", "count", "region"),
        "throttle": ("service", "seconds", "from_first_call"),
        "lost-response": ("target", "count"),
        "fail-operation": ("target", "count", "code"),
    }[args.kind]
    body = {name: getattr(args, name) for name in fields if getattr(args, name) is not None}
    if args.kind == "image":
        body = {"image": args.pattern or args.image, "status": dict(args.status or [])}
        body.update({k: getattr(args, k) for k in ("start_delay", "sigterm_delay", "fail_health")
                     if getattr(args, k) is not None})
    return "POST", f"/_emulator/faults/{args.kind}", body


def send(port: int, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read()).get("error", exc.reason)
        except ValueError:
            message = f"HTTP {exc.code}: is the control plane on? (EMULATOR_CONTROL_PLANE)"
        raise FaultClientError(str(message)) from None
    except (OSError, ValueError) as exc:
        raise FaultClientError(f"no emulator answering on port {port}: {exc}") from None


def listeners(args: argparse.Namespace) -> str:
    """``python -m emulator listeners``: the data plane's listener endpoints (JSON), or with --url only the URL."""
    info = send(args.port, "GET", "/_emulator/info", None)
    if not (info.get("control_plane") or {}).get("enabled"):
        raise FaultClientError(f"the control plane is off on port {args.port} (EMULATOR_CONTROL_PLANE=off)")
    query = urllib.parse.urlencode({k: v for k, v in (("load_balancer", args.load_balancer),
                                                      ("port", args.listener_port)) if v is not None})
    path = "/_emulator/listeners" + ("/url" if args.url else "") + (f"?{query}" if query else "")
    request = urllib.request.Request(f"http://{HOST}:{args.port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            text = response.read().decode()
    except urllib.error.HTTPError as exc:
        text = exc.read().decode()
        with contextlib.suppress(ValueError, AttributeError):
            text = json.loads(text).get("error", text)
        raise FaultClientError(text.strip() or f"HTTP {exc.code}") from None
    except OSError as exc:
        raise FaultClientError(f"no emulator answering on port {args.port}: {exc}") from None
    return text if args.url else json.dumps(json.loads(text), indent=2, sort_keys=True)


def run(args: argparse.Namespace) -> str:
    info = send(args.port, "GET", "/_emulator/info", None)
    if not (info.get("control_plane") or {}).get("enabled"):
        raise FaultClientError(f"the control plane is off on port {args.port} (EMULATOR_CONTROL_PLANE=off)")
    method, path, body = request_for(args)
    return json.dumps(send(args.port, method, path, body), indent=2, sort_keys=True)
