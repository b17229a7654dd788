"""verify_traffic against a real HTTP server on loopback: what counts as served, what as failed, the per-service
Host header, the time limit, and the totals over polls."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.verify_traffic import TrafficVerifier, percentile


class Handler(BaseHTTPRequestHandler):
    plan: ClassVar[dict] = {}  # path -> status, or "close" (drop the connection), or ("slow", seconds)
    hosts: ClassVar[list] = []

    def do_GET(self):
        Handler.hosts.append(self.headers.get("Host"))
        what = Handler.plan.get(self.path, 200)
        if what == "close":
            self.connection.close()
            return
        if isinstance(what, tuple):
            time.sleep(what[1])
            what = 200
        body = b"ok"
        self.send_response(what)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def server():
    Handler.plan, Handler.hosts = {}, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def verifier(url, services, **kw):
    return TrafficVerifier(url, services, validate_certs=False, **kw)


def test_every_request_served_passes_and_counts(server):
    v = verifier(server, [{"name": "web", "path": "/health"}, {"name": "api", "path": "/api/health"}], requests=40)
    observation = v.observe()
    assert observation.passed, [c.as_dict() for c in observation.checks]
    facts = observation.facts
    assert (facts["requests_sent"], facts["requests_failed"]) == (40, 0)
    assert facts["last_batch"]["outcomes"] == {"web": {"200": 20}, "api": {"200": 20}}
    assert facts["last_batch"]["p99_ms"] is not None


def test_a_5xx_and_a_dropped_connection_are_failed_requests(server):
    Handler.plan = {"/api/health": 502, "/gone": "close"}
    v = verifier(server, [{"name": "web", "path": "/health"}, {"name": "api", "path": "/api/health"},
                          {"name": "old", "path": "/gone"}], requests=9)
    observation = v.observe()
    assert not observation.passed
    by_resource = dict((c.resource, c) for c in observation.checks)
    assert by_resource["traffic web"].passed
    assert not by_resource["traffic api"].passed and "502 x3" in by_resource["traffic api"].actual
    assert not by_resource["traffic old"].passed and "error" in by_resource["traffic old"].actual
    assert observation.facts["requests_failed"] == 6


def test_a_redirect_is_served_and_not_followed(server):
    Handler.plan = {"/": 301}
    observation = verifier(server, [{"name": "web", "path": "/"}], requests=3).observe()
    assert observation.passed and observation.facts["last_batch"]["outcomes"]["web"] == {"301": 3}


def test_each_service_sends_its_own_host_header_else_the_common_one(server):
    v = verifier(server, [{"name": "web", "path": "/a", "host": "web.example.test"}, {"name": "api", "path": "/b"}],
                 requests=4, host_header="demo.example.test")
    v.observe()
    assert sorted(Handler.hosts) == ["demo.example.test"] * 2 + ["web.example.test"] * 2


def test_the_time_limit_leaves_requests_unsent_and_fails(server):
    Handler.plan = {"/slow": ("slow", 0.4)}
    v = verifier(server, [{"name": "web", "path": "/slow"}], requests=20, concurrency=1, time_limit=1)
    observation = v.observe()
    assert not observation.passed
    unsent = observation.facts["last_batch"]["unsent"]
    assert 0 < unsent < 20 and any(c.name == "requests sent in time" and not c.passed for c in observation.checks)


def test_a_timeout_is_a_failed_request(server):
    Handler.plan = {"/slow": ("slow", 2)}
    observation = verifier(server, [{"name": "web", "path": "/slow"}], requests=1, timeout=1).observe()
    assert observation.facts["last_batch"]["outcomes"]["web"] == {"timeout": 1}


def test_totals_add_up_over_polls(server):
    Handler.plan = {"/health": 503}
    v = verifier(server, [{"name": "web", "path": "/health"}], requests=5)
    assert not v.observe().passed
    Handler.plan = {}
    observation = v.observe()
    assert observation.passed
    assert (observation.facts["requests_sent"], observation.facts["requests_failed"], observation.facts["batches"]) \
        == (10, 5, 2)


def test_nobody_listening_fails_every_request():
    observation = verifier("http://127.0.0.1:9", [{"name": "web", "path": "/"}], requests=2, timeout=2).observe()
    assert not observation.passed and observation.facts["requests_failed"] == 2


def test_percentile_nearest_rank():
    assert percentile([], 0.99) is None
    assert percentile([5, 1, 3], 0.5) == 3
    assert percentile(list(range(1, 101)), 0.99) == 99


def test_one_tls_context_serves_the_whole_batch(server, monkeypatch):
    """open_url built a TLS context (the CA bundle read and parsed) per request: 100 requests cost 2 s of CPU."""
    from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import verify_traffic

    built = []
    real = verify_traffic.make_context
    monkeypatch.setattr(verify_traffic, "make_context", lambda **kw: built.append(kw) or real(**kw))
    v = TrafficVerifier(server, [{"name": "web", "path": "/"}, {"name": "api", "path": "/api"}], validate_certs=True,
                        requests=20, concurrency=4)
    seen = v.observe()
    assert seen.passed, [(c.name, c.reason) for c in seen.checks]
    assert built == [{"validate_certs": True}]
    assert v.totals["sent"] == 20 and v.totals["failed"] == 0
