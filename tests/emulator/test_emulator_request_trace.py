"""The emulator log names SDK retries and slow requests, which its access lines cannot show."""

import io

from emulator.server import RequestTraceMiddleware


def _call(environ, elapsed):
    ticks = iter([0.0, elapsed])
    out = io.StringIO()
    app = RequestTraceMiddleware(lambda env, start: [b"{}"], stream=out, clock=lambda: next(ticks))
    assert app(environ, None) == [b"{}"]
    return out.getvalue()


def test_a_retried_call_is_logged_with_its_target_and_invocation():
    line = _call(
        {
            "HTTP_AMZ_SDK_REQUEST": "attempt=2; max=5",
            "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.PutItem",
            "HTTP_AMZ_SDK_INVOCATION_ID": "abc",
        },
        0.1,
    )
    assert line == "request trace: DynamoDB_20120810.PutItem attempt=2; max=5 0.1s invocation=abc\n"


def test_a_first_attempt_is_logged_only_when_slow():
    first = {"HTTP_AMZ_SDK_REQUEST": "attempt=1; max=5", "REQUEST_METHOD": "GET", "PATH_INFO": "/bucket/key"}
    assert _call(first, 0.2) == ""
    assert _call(first, 6.0) == "request trace: GET /bucket/key attempt=1; max=5 6.0s invocation=-\n"
