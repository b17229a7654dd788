"""Data plane parts in-process, without an emulator: the stand-in's start delay, statuses and stop, matchers and rule
wildcards, redirects."""

import http.client
import json
import threading
import time

import pytest

from emulator.data_plane.matcher import matches
from emulator.data_plane.routing import Request, redirect_location, wildcard_match
from emulator.data_plane.stand_in import Identity, StandIn

TASK = "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef"
DEFINITION = "arn:aws:ecs:us-east-1:123456789012:task-definition/shop:7"


def stand_in(statuses=None, start_delay=0.0, fails=False) -> StandIn:
    identity = Identity(TASK, DEFINITION, "shop:7", "app")
    return StandIn(identity, lambda: (statuses or {}, start_delay, fails), time.monotonic()).start()


def get(server: StandIn, path: str = "/", timeout: float = 5) -> tuple[int, dict, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "shop.example"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def test_the_stand_in_answers_its_contract():
    server = stand_in({"/health": 404})
    try:
        status, headers, body = get(server, "/orders?delay=0.3")
        assert status == 200 and headers["X-Task-Revision"] == "7"
        assert body == {"task_arn": TASK, "task_id": "0123456789abcdef", "task_definition_arn": DEFINITION,
                        "family": "shop", "revision": 7, "image": "shop:7", "container": "app", "path": "/orders",
                        "host": "shop.example"}
        assert get(server, "/health")[0] == 404
    finally:
        server.cut()


def test_the_stand_in_answers_503_during_its_start_delay_and_when_failing():
    server = stand_in(start_delay=0.6)
    failing = stand_in(fails=True)
    try:
        assert get(server)[0] == 503
        time.sleep(0.7)
        assert get(server)[0] == 200
        assert get(failing, "/anything")[0] == 503
    finally:
        server.cut()
        failing.cut()


def test_a_stopped_stand_in_refuses_new_connections_and_a_cut_resets_open_ones():
    server = stand_in()
    outcome = []

    def slow() -> None:
        try:
            outcome.append(get(server, "/?delay=5")[0])
        except OSError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    server.refuse()
    with pytest.raises(ConnectionRefusedError):
        get(server)
    assert thread.is_alive()  # refusing leaves the request in flight alone
    started = time.monotonic()
    server.cut()
    thread.join(5)
    assert time.monotonic() - started < 2 and isinstance(outcome[0], ConnectionResetError), outcome


@pytest.mark.parametrize(("codes", "status", "expected"), [
    ("200", 200, True), ("200", 204, False), ("200-299", 204, True), ("200-299", 302, False),
    ("200,302", 302, True), ("200,302", 301, False), ("200-204,404", 404, True),
])
def test_matcher(codes, status, expected):
    assert matches(codes, status) is expected


@pytest.mark.parametrize(("pattern", "value", "ignore_case", "expected"), [
    ("/api/*", "/api/v1/x", False, True), ("/api/*", "/API/v1", False, False), ("/a?c", "/abc", False, True),
    ("/a?c", "/abbc", False, False), ("*.example.com", "WWW.Example.com", True, True), ("/a.c", "/abc", False, False),
])
def test_wildcards(pattern, value, ignore_case, expected):
    assert wildcard_match(pattern, value, ignore_case) is expected


def test_redirect_location():
    request = Request("GET", "/old/page", "a=1", "shop.example:8080", {}, "127.0.0.1")
    to_https = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    assert redirect_location(to_https, request, "HTTP", 8080) == "https://shop.example/old/page?a=1"
    moved = {"Host": "new.example", "Path": "/new/#{path}", "Query": "from=#{host}"}
    assert redirect_location(moved, request, "HTTP", 8080) == "http://new.example:8080/new/old/page?from=shop.example"
