"""A listener's loopback endpoint: the ALB's front end. Each request is routed by the listener's rules (under the
control plane's lock, a look at memory only), then proxied with ``http.client`` outside the lock.

Answers as the ALB does: fixed-response and redirect actions; a forward to a group without a target to send to 503;
target connection refused or reset 502; no answer within the load balancer's idle timeout
(``idle_timeout.timeout_seconds``, default 60, wall clock) 504. ``X-Forwarded-For``, ``X-Forwarded-Proto`` and
``X-Forwarded-Port`` are added; ``Host`` is kept. HTTPS listeners are plain HTTP here (TLS is not modelled).
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from emulator import HOST
from emulator.data_plane.balancer import Balancer, Flight
from emulator.data_plane.loopback_server import LoopbackServer
from emulator.data_plane.routing import Request, final_action, forward_group, matching_actions, redirect_location

DEFAULT_IDLE_TIMEOUT = 60
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "proxy-connection"}
REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


@dataclass
class Answer:
    """What the load balancer itself answers (no target involved)."""

    status: int
    body: bytes
    content_type: str = "text/html"
    location: str | None = None


def error_page(status: int) -> Answer:
    title = f"{status} {REASONS.get(status, '')}".strip()
    return Answer(status, f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1>"
                          "</center>\r\n</body>\r\n</html>\r\n".encode())


@dataclass
class Forward:
    flight: Flight
    idle_timeout: float
    listener_port: int
    listener_protocol: str


class ListenerEndpoint(LoopbackServer):
    def __init__(self, lock: Any, balancer: Balancer, backend: Any, load_balancer: Any, listener: Any, port: int):
        super().__init__(ProxyHandler, port, name="listener")
        self.lock = lock
        self.balancer = balancer
        self.backend = backend
        self.load_balancer_arn = load_balancer.arn
        self.listener_arn = listener.arn

    def route(self, request: Request) -> Answer | Forward:
        with self.lock:
            load_balancer = self.backend.load_balancers.get(self.load_balancer_arn)
            listener = load_balancer.listeners.get(self.listener_arn) if load_balancer else None
            if listener is None:
                return error_page(503)
            action = final_action(matching_actions(listener, request))
            if action is None:
                return error_page(503)
            kind = action.get("Type")
            if kind == "fixed-response":
                config = action.get("FixedResponseConfig") or {}
                return Answer(int(config.get("StatusCode") or 200), str(config.get("MessageBody") or "").encode(),
                              config.get("ContentType") or "text/plain")
            if kind == "redirect":
                config = action.get("RedirectConfig") or {}
                status = 301 if config.get("StatusCode") == "HTTP_301" else 302
                location = redirect_location(config, request, listener.protocol or "HTTP", int(listener.port or 80))
                return Answer(status, b"", location=location)
            group = self.backend.target_groups.get(forward_group(action) or "")
            flight = self.balancer.choose(self.backend, group) if group is not None else None
            if flight is None:
                return error_page(503)
            idle = load_balancer.attrs.get("idle_timeout.timeout_seconds") or DEFAULT_IDLE_TIMEOUT
            return Forward(flight, float(idle), int(listener.port or 80), (listener.protocol or "HTTP").lower())


class ProxyHandler(BaseHTTPRequestHandler):
    server: ListenerEndpoint
    protocol_version = "HTTP/1.1"  # keep-alive with clients, as the ALB
    server_version = "awselb/2.0"
    timeout = 350  # an idle client connection is closed after this long (the ALB's client keep-alive is longer)

    def do_GET(self) -> None:
        self.proxy()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def proxy(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else None
        url = urlsplit(self.path)
        client_ip = self.client_address[0]
        request = Request(self.command, url.path or "/", url.query, self.headers.get("Host") or "",
                          {k.lower(): v for k, v in self.headers.items()}, client_ip)
        decision = self.server.route(request)
        if isinstance(decision, Answer):
            self.reply(decision.status, [("Content-Type", decision.content_type)]
                       + ([("Location", decision.location)] if decision.location else []), decision.body)
            return
        try:
            status, headers, data = self.forward(decision, body, client_ip)
        finally:
            self.server.balancer.done(decision.flight)
        self.reply(status, headers, data)

    def forward(self, decision: Forward, body: bytes | None, client_ip: str) -> tuple[int, list, bytes]:
        flight = decision.flight
        if flight.port is None:  # a target nothing serves on this machine (registered by the API, an instance)
            page = error_page(502)
            return page.status, [("Content-Type", page.content_type)], page.body
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and
                   not k.lower().startswith("x-forwarded-")]
        forwarded_for = self.headers.get("X-Forwarded-For")
        headers += [
            ("X-Forwarded-For", f"{forwarded_for}, {client_ip}" if forwarded_for else client_ip),
            ("X-Forwarded-Proto", decision.listener_protocol),
            ("X-Forwarded-Port", str(decision.listener_port)),
        ]
        connection = http.client.HTTPConnection(HOST, flight.port, timeout=decision.idle_timeout)
        flight.connection = connection
        try:
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            dropped = HOP_BY_HOP if self.command == "HEAD" else HOP_BY_HOP | {"content-length"}
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in dropped]
            return response.status, kept, data
        except TimeoutError:
            page = error_page(504)
        except (OSError, http.client.HTTPException):
            page = error_page(502)
        finally:
            connection.close()
        return page.status, [("Content-Type", page.content_type)], page.body

    def reply(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("server", "date"):
                self.send_header(name, value)
        if self.command != "HEAD" or not any(name.lower() == "content-length" for name, _dummy in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a load test would flood the emulator log."""
