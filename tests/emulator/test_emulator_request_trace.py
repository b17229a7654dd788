"""The emulator log names SDK retries and slow requests, which its access lines cannot show, and says what became of
a retried call's earlier attempts (answered, or never received)."""

import io

from emulator.server import RequestTraceMiddleware


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _app(seen):
    def app(environ, start_response):
        seen.append(environ["wsgi.input"].read() if "wsgi.input" in environ else b"")
        start_response("200 OK", [("Content-Length", "2")])
        return [b"{}"]

    return app


def _serve(trace, clock, environ, elapsed, chunks=None):
    """As the server does: take the body chunk by chunk (or only `chunks` of them, a broken connection), close it."""
    body = trace(dict(environ), lambda status, headers: None)
    clock.now += elapsed  # the app's time and the writing, up to the last chunk
    taken = []
    for chunk in body:
        if chunks is not None and len(taken) == chunks:
            break
        taken.append(chunk)
    body.close()
    return taken


def _trace():
    out, clock, seen = io.StringIO(), Clock(), []
    return RequestTraceMiddleware(_app(seen), stream=out, clock=clock), out, clock, seen


def test_a_retried_call_is_logged_with_its_target_and_what_the_first_attempt_got():
    trace, out, clock, _dummy = _trace()
    first = {"HTTP_AMZ_SDK_REQUEST": "attempt=1; max=5", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.PutItem",
             "HTTP_AMZ_SDK_INVOCATION_ID": "abc"}
    assert _serve(trace, clock, first, 0.1) == [b"{}"]
    assert out.getvalue() == ""
    _serve(trace, clock, dict(first, HTTP_AMZ_SDK_REQUEST="attempt=2; max=5"), 0.1)
    assert out.getvalue() == ("request trace: DynamoDB_20120810.PutItem attempt=2; max=5 0.1s invocation=abc; "
                              "earlier: attempt 1 200\n")


def test_a_retry_whose_first_attempt_never_arrived_says_so():
    trace, out, clock, _dummy = _trace()
    _serve(trace, clock, {"HTTP_AMZ_SDK_REQUEST": "attempt=2; max=25", "HTTP_AMZ_SDK_INVOCATION_ID": "x",
                          "REQUEST_METHOD": "GET", "PATH_INFO": "/b/k"}, 0.0)
    assert out.getvalue() == ("request trace: GET /b/k attempt=2; max=25 0.0s invocation=x; "
                              "earlier: none received (lost before the app read it)\n")


def test_a_query_protocol_call_is_named_by_its_action_and_the_app_still_reads_its_body():
    trace, out, clock, seen = _trace()
    form = b"Action=CreateRouteTable&Version=2016-11-15&VpcId=vpc-1"
    query = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded; charset=utf-8",
             "CONTENT_LENGTH": str(len(form)), "wsgi.input": io.BytesIO(form), "HTTP_AMZ_SDK_INVOCATION_ID": "q",
             "HTTP_AMZ_SDK_REQUEST": "attempt=1; max=25"}
    _serve(trace, clock, query, 0.0, chunks=0)  # the connection broke before the body was written
    assert seen == [form]
    form_again = io.BytesIO(form)
    _serve(trace, clock, dict(query, HTTP_AMZ_SDK_REQUEST="attempt=2; max=25", **{"wsgi.input": form_again}), 0.0)
    assert out.getvalue() == ("request trace: CreateRouteTable attempt=2; max=25 0.0s invocation=q; "
                              "earlier: attempt 1 200 (body not written in full)\n")


def test_a_first_attempt_is_logged_only_when_slow():
    trace, out, clock, _dummy = _trace()
    first = {"HTTP_AMZ_SDK_REQUEST": "attempt=1; max=5", "REQUEST_METHOD": "GET", "PATH_INFO": "/bucket/key"}
    _serve(trace, clock, first, 0.2)
    assert out.getvalue() == ""
    _serve(trace, clock, first, 6.0)
    assert out.getvalue() == "request trace: GET /bucket/key attempt=1; max=5 6.0s invocation=-\n"


def test_the_query_action_is_read_once_per_request_and_the_body_stays_readable():
    from emulator.wsgi_request import query_action

    form = b"Action=DescribeVpcs&Version=2016-11-15"
    environ = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded",
               "CONTENT_LENGTH": str(len(form)), "wsgi.input": io.BytesIO(form)}
    assert query_action(environ) == "DescribeVpcs"
    body = environ["wsgi.input"]
    assert query_action(environ) == "DescribeVpcs" and environ["wsgi.input"] is body  # not read again
    assert body.read() == form
    assert query_action({"REQUEST_METHOD": "GET", "PATH_INFO": "/bucket"}) is None


def test_an_attempt_still_in_the_app_when_its_retry_ends_is_named_and_logged_when_it_ends():
    # What a Molecule destroy run showed as "none received": the first DeleteTargetGroup deleted the group, the retry
    # got TargetGroupNotFound, and only then did the first attempt end.
    trace, out, clock, _dummy = _trace()
    first = {"HTTP_AMZ_SDK_REQUEST": "attempt=1; max=25", "HTTP_AMZ_SDK_INVOCATION_ID": "d",
             "HTTP_X_AMZ_TARGET": "DeleteTargetGroup"}
    held = trace(dict(first), lambda status, headers: None)  # the app answered; the server has not written it yet
    _serve(trace, clock, dict(first, HTTP_AMZ_SDK_REQUEST="attempt=2; max=25"), 0.0)
    clock.now += 0.5
    list(held)
    assert out.getvalue().splitlines() == [
        "request trace: DeleteTargetGroup attempt=2; max=25 0.0s invocation=d; "
        "earlier: attempt 1 received, not answered yet",
        "request trace: DeleteTargetGroup attempt=1; max=25 0.5s invocation=d; "
        "ended after attempt 2 200: the client had given up on it",
    ]


def test_a_query_body_cut_short_by_the_client_is_named():
    # A client that gives up while sending: the app sees fewer bytes than Content-Length.
    trace, out, clock, _dummy = _trace()
    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    query = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded",
             "CONTENT_LENGTH": str(len(form) + 20), "wsgi.input": io.BytesIO(form), "HTTP_AMZ_SDK_INVOCATION_ID": "s",
             "HTTP_AMZ_SDK_REQUEST": "attempt=1; max=5"}
    _serve(trace, clock, query, 0.0)
    _serve(trace, clock, dict(query, HTTP_AMZ_SDK_REQUEST="attempt=2; max=5", CONTENT_LENGTH=str(len(form)),
                              **{"wsgi.input": io.BytesIO(form)}), 0.0)
    assert out.getvalue().splitlines() == [
        "request trace: GetCallerIdentity attempt=1; max=5 0.0s invocation=s; this attempt's request body short: "
        "43 of 63 bytes",
        "request trace: GetCallerIdentity attempt=2; max=5 0.0s invocation=s; "
        "earlier: attempt 1 200 (request body short: 43 of 63 bytes)",
    ]


def test_an_answer_written_in_full_counts_even_if_the_server_never_closes_it():
    # werkzeug drains the socket after the last chunk and skips close() when the client resets the connection then.
    trace, out, clock, _dummy = _trace()
    first = {"HTTP_AMZ_SDK_REQUEST": "attempt=1; max=5", "HTTP_AMZ_SDK_INVOCATION_ID": "w",
             "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.DeleteItem"}
    assert list(trace(dict(first), lambda status, headers: None)) == [b"{}"]  # no close()
    _serve(trace, clock, dict(first, HTTP_AMZ_SDK_REQUEST="attempt=2; max=5"), 0.0)
    assert out.getvalue() == ("request trace: DynamoDB_20120810.DeleteItem attempt=2; max=5 0.0s invocation=w; "
                              "earlier: attempt 1 200\n")
