"""The serve process's WSGI layer for the control plane: fault API, throttling, one lock around moto.

Routes (JSON in, JSON out):
  GET  /_emulator/control-plane            settings and tick counters
  GET  /_emulator/metrics                  the metrics AWS services publish, per simulated minute (metrics.py)
  GET  /_emulator/notifications            alarm state changes and the actions they ran (alarms.py)
  GET  /_emulator/faults                   active faults
  POST /_emulator/faults/unhealthy-targets {"target_group_arn"} | {"cluster", "service"}, "reason", "description"
  POST /_emulator/faults/failing-image     {"image"}
  POST /_emulator/faults/image             {"image", "status": {"/path": code}, "start_delay", "sigterm_delay",
                                           "fail_health"}  (the data plane's stand-in for that image)
  POST /_emulator/faults/spot-interruption {"instance_ids"} | {"asg_name" | "cluster", "count"}, "region"
  POST /_emulator/faults/throttle          {"service", "seconds", "from_first_call"}
  POST /_emulator/faults/lost-response     {"target", "count"}  (an X-Amz-Target, or <signing name>.<Action>)
  POST /_emulator/faults/fail-operation    {"target", "count", "code"}  (the same, or <signing name>.<Operation>)
  POST /_emulator/faults/clear             (DELETE /_emulator/faults does the same)
  GET  /_emulator/listeners                the data plane's listener endpoints ?load_balancer=<name>&port=<port>
  GET  /_emulator/listeners/url            text/plain: the one endpoint URL those filters select (404 if none)
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import parse_qs

from emulator.control_plane import spot
from emulator.control_plane.faults import FaultError
from emulator.control_plane.runtime import ControlPlane
from emulator.wsgi_request import query_action

FAULTS_PATH = "/_emulator/faults"
LISTENERS_PATH = "/_emulator/listeners"
LISTENER_URL_PATH = "/_emulator/listeners/url"
STATE_PATH = "/_emulator/control-plane"
READ_PATHS = {"/_emulator/metrics": "metrics", "/_emulator/notifications": "alarms"}  # GET: that part's describe()
CREDENTIAL = re.compile(r"Credential=[^/\s,]+/\d{8}/[^/\s,]+/([^/\s,]+)/aws4_request")
SERVICE_ALIASES = {
    "elbv2": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "asg": "autoscaling",
    "cloudwatch": "monitoring",
    "eventbridge": "events",
    "service-quotas": "servicequotas",
    "application-autoscaling": "application-autoscaling",
}
ERROR_XML_NS = {
    "autoscaling": "http://autoscaling.amazonaws.com/doc/2011-01-01/",
    "elasticloadbalancing": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
    "monitoring": "http://monitoring.amazonaws.com/doc/2010-08-01/",
    "sns": "http://sns.amazonaws.com/doc/2010-03-31/",
}


def signing_service(environ: dict[str, Any]) -> str | None:
    header = environ.get("HTTP_AUTHORIZATION") or ""
    match = CREDENTIAL.search(header) or CREDENTIAL.search("Credential=" + (environ.get("QUERY_STRING") or ""))
    return match.group(1) if match else None


def cbor_map(values: dict[str, str]) -> bytes:
    """The few CBOR bytes of a map of short text strings (smithy rpc-v2-cbor error bodies)."""

    def head(major: int, length: int) -> bytes:
        if length < 24:
            return bytes([major << 5 | length])
        if length < 256:
            return bytes([major << 5 | 24, length])
        return bytes([major << 5 | 25]) + length.to_bytes(2, "big")

    out = head(5, len(values))
    for key, value in values.items():
        for text in (key, value):
            data = text.encode()
            out += head(3, len(data)) + data
    return out


def throttle_response(service: str, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """The throttling error of the service's own protocol, so SDKs and Terraform retry it."""
    request_id = str(uuid.uuid4())
    content_type = environ.get("CONTENT_TYPE") or ""
    if "cbor" in content_type:
        body = cbor_map({"__type": "ThrottlingException", "message": "Rate exceeded"})
        headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        return "400 Bad Request", headers + [("x-amzn-RequestId", request_id)], body
    if "json" in content_type or environ.get("HTTP_X_AMZ_TARGET"):
        body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
        headers = [("Content-Type", content_type or "application/x-amz-json-1.1")]
        headers += [("x-amzn-ErrorType", "ThrottlingException"), ("x-amzn-RequestId", request_id)]
        return "400 Bad Request", headers, body
    if service == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code>'
            f"<Message>Request limit exceeded.</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
        ).encode()
        return "503 Service Unavailable", [("Content-Type", "text/xml")], body
    if service == "s3":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
            f"<Message>Please reduce your request rate.</Message><RequestId>{request_id}</RequestId></Error>"
        ).encode()
        return "503 Slow Down", [("Content-Type", "application/xml")], body
    namespace = ERROR_XML_NS.get(service, f"http://{service}.amazonaws.com/doc/")
    body = (
        f'<ErrorResponse xmlns="{namespace}"><Error><Type>Sender</Type><Code>Throttling</Code>'
        f"<Message>Rate exceeded</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    ).encode()
    return "400 Bad Request", [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], body


def operation_names(target: str | None, service: str | None) -> list[str]:
    """Names a fail-operation fault may give a call: its target, and <signing name>.<Operation> for a JSON API."""
    if not target:
        return []
    names = [target]
    if service and not target.startswith(service + "."):
        names.append(f"{service}.{target.rsplit('.', 1)[-1]}")
    return names


def error_reply(
    status: str, code: str, message: str, environ: dict[str, Any], query_service: str | None, fault: str = "Sender"
) -> tuple[str, list[Any], str]:
    """An AWS error in the call's protocol: EC2's XML, the other query services' XML, or JSON."""
    request_id = str(uuid.uuid4())
    if query_service == "ec2":
        body = (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
                f"<RequestID>{request_id}</RequestID></Response>")
        return status, [("Content-Type", "text/xml")], body
    if query_service:
        namespace = ERROR_XML_NS.get(query_service, f"http://{query_service}.amazonaws.com/doc/")
        body = (f'<ErrorResponse xmlns="{namespace}"><Error><Type>{fault}</Type><Code>{code}</Code>'
                f"<Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        return status, [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)], body
    content_type = environ.get("CONTENT_TYPE") or "application/x-amz-json-1.1"
    headers = [("Content-Type", content_type), ("x-amzn-ErrorType", code), ("x-amzn-RequestId", request_id)]
    return status, headers, json.dumps({"__type": code, "message": message})


def refusal(code: str, environ: dict[str, Any], query_service: str | None) -> tuple[str, list[Any], str]:
    """A non-retryable error of the call's protocol (HTTP 403 for access denied, else 400): the call is not made."""
    status = "403 Forbidden" if code.startswith(("AccessDenied", "Unauthorized")) else "400 Bad Request"
    return error_reply(status, code, "Injected by the emulator's fail-operation fault", environ, query_service)


class ControlPlaneApp:
    def __init__(self, app: Any, control_plane: ControlPlane) -> None:
        self.app = app
        self.cp = control_plane

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO") or ""
        if path in (LISTENERS_PATH, LISTENER_URL_PATH):
            return self.reply(start_response, *self.listeners_reply(environ, path == LISTENER_URL_PATH))
        if path in (STATE_PATH, FAULTS_PATH, *READ_PATHS) or path.startswith(FAULTS_PATH + "/"):
            status, payload = self.api(environ, path)
            return self.reply(start_response, status, [("Content-Type", "application/json")], json.dumps(payload))
        service = signing_service(environ)
        with self.cp.lock:
            if service and self.cp.faults.throttled(service):
                return self.reply(start_response, *throttle_response(service, environ))
            action = None if environ.get("HTTP_X_AMZ_TARGET") else query_action(environ)
            target = environ.get("HTTP_X_AMZ_TARGET") or (f"{service}.{action}" if service and action else None)
            code = self.cp.faults.fails_operation(operation_names(target, service))
            if code:
                return self.reply(start_response, *refusal(code, environ, service if action else None))
            if self.cp.faults.loses_response(target):
                return self.reply(start_response, *self.lose_response(environ, service if action else None))
            return [self.body(environ, start_response)]  # produced while the lock is held

    def body(self, environ: dict[str, Any], start_response: Any) -> bytes:
        """The whole response body of moto's app for this request."""
        result = self.app(environ, start_response)
        try:
            return b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()

    def listeners_reply(self, environ: dict[str, Any], url_only: bool) -> tuple[str, list[tuple[str, str]], str]:
        """JSON {"listeners": [...]}, or (url_only) the one matching endpoint's URL as text/plain."""
        status, found = self.listeners(environ)
        if not url_only:
            payload = {"listeners": found} if isinstance(found, list) else found
            return status, [("Content-Type", "application/json")], json.dumps(payload)
        if isinstance(found, list) and len(found) == 1:
            return "200 OK", [("Content-Type", "text/plain")], found[0]["url"]
        if isinstance(found, list) and not found:
            status, found = "404 Not Found", {"error": f"no listener endpoint matches {self.query(environ)}"}
        elif isinstance(found, list):
            status, found = "409 Conflict", {"error": f"{len(found)} listener endpoints match {self.query(environ)}: "
                                                      "give load_balancer and port"}
        return status, [("Content-Type", "text/plain")], found["error"] + "\n"

    def listeners(self, environ: dict[str, Any]) -> tuple[str, Any]:
        """(status, the listener endpoints the query's filters select, or {"error"})."""
        if self.cp.data_plane is None:
            return "404 Not Found", {"error": "the data plane is off (EMULATOR_DATA_PLANE=off)"}
        query = parse_qs(environ.get("QUERY_STRING") or "")
        load_balancer = (query.get("load_balancer") or [None])[0]
        port = (query.get("port") or [None])[0]
        if port is not None and not port.isdigit():
            return "400 Bad Request", {"error": f"port must be a number, got {port!r}"}
        with self.cp.lock:
            return "200 OK", self.cp.data_plane.listeners.describe(load_balancer, int(port) if port else None)

    @staticmethod
    def query(environ: dict[str, Any]) -> str:
        filters = environ.get("QUERY_STRING") or ""
        return f"({filters})" if filters else "(no filters)"

    def lose_response(self, environ: dict[str, Any], query_service: str | None) -> tuple[str, list[Any], str]:
        """Carry the call out, then answer as if its response never arrived (HTTP 500, which SDKs retry), in the
        call's protocol: JSON, EC2's XML, or the other query services' XML."""
        self.body(environ, lambda status, headers, exc_info=None: lambda data: None)
        if query_service == "ec2":
            return error_reply("500 Internal Server Error", "InternalError", "An internal error has occurred", environ,
                               query_service)
        if query_service:
            return error_reply("500 Internal Server Error", "InternalFailure", "Internal server error", environ,
                               query_service, fault="Receiver")
        return error_reply("500 Internal Server Error", "InternalServerError", "Internal server error", environ, None)

    @staticmethod
    def reply(start_response: Any, status: str, headers: list[tuple[str, str]], body: str | bytes) -> list[bytes]:
        data = body.encode() if isinstance(body, str) else body
        start_response(status, headers + [("Content-Length", str(len(data)))])
        return [data]

    def api(self, environ: dict[str, Any], path: str) -> tuple[str, dict[str, Any]]:
        method = environ.get("REQUEST_METHOD", "GET")
        kind = path[len(FAULTS_PATH) + 1 :] if path.startswith(FAULTS_PATH + "/") else ""
        try:
            body = self.read_json(environ)
        except ValueError:
            return "400 Bad Request", {"error": "the body must be a JSON object"}
        with self.cp.lock:
            if path == STATE_PATH:
                return "200 OK", self.cp.describe()
            if path in READ_PATHS:
                return "200 OK", getattr(self.cp, READ_PATHS[path]).describe()
            if method == "GET" and not kind:
                return "200 OK", self.cp.faults.describe()
            if (method == "DELETE" and not kind) or (method == "POST" and kind == "clear"):
                return "200 OK", {"cleared": self.cp.faults.clear()}
            if method != "POST":
                return "405 Method Not Allowed", {"error": f"{method} {path}"}
            try:
                if kind == "unhealthy-targets":
                    return "200 OK", {"added": self.cp.faults.add_unhealthy(body)}
                if kind == "failing-image":
                    return "200 OK", {"added": self.cp.faults.add_failing_image(body)}
                if kind == "image":
                    return "200 OK", {"added": self.cp.faults.add_image_fault(body)}
                if kind == "throttle":
                    body["service"] = SERVICE_ALIASES.get(str(body.get("service", "")).lower(), body.get("service"))
                    return "200 OK", {"added": self.cp.faults.add_throttle(body)}
                if kind == "spot-interruption":
                    return "200 OK", {"added": spot.interrupt(self.cp.faults, self.cp.clock, body)}
                if kind == "lost-response":
                    return "200 OK", {"added": self.cp.faults.add_lost_response(body)}
                if kind == "fail-operation":
                    return "200 OK", {"added": self.cp.faults.add_failing_operation(body)}
            except FaultError as exc:
                return "400 Bad Request", {"error": str(exc)}
            return "404 Not Found", {"error": f"unknown fault kind {kind!r}"}

    @staticmethod
    def read_json(environ: dict[str, Any]) -> dict[str, Any]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        raw = environ["wsgi.input"].read(length) if length else b""
        if not raw.strip():
            return {}
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
