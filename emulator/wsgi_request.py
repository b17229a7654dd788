"""What the WSGI layers read of a request besides its headers."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import parse_qs

KEY = "emulator.query_action"  # where the first reader leaves the answer (WSGI allows server-specific keys)
SHORT_BODY_KEY = "emulator.short_body"  # set when a query-protocol body ended before its Content-Length


def query_action(environ: dict[str, Any]) -> str | None:
    """The Action of a query-protocol call (EC2, ELBv2, IAM, ...), read from the form body, which is put back for
    the app. None for anything else. Read once per request: every WSGI layer asking gets the same answer."""
    if KEY in environ:
        return environ[KEY]
    environ[KEY] = _read_action(environ)
    return environ[KEY]


def _read_action(environ: dict[str, Any]) -> str | None:
    if environ.get("REQUEST_METHOD") != "POST" or "x-www-form-urlencoded" not in environ.get("CONTENT_TYPE", ""):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    raw = environ["wsgi.input"].read(length) if length else b""
    if len(raw) < length:  # the client stopped sending: what the request trace reports of this attempt
        environ[SHORT_BODY_KEY] = "request body short: %d of %d bytes" % (len(raw), length)
    environ["wsgi.input"] = io.BytesIO(raw)
    actions = parse_qs(raw.decode("utf-8", "replace")).get("Action")
    return actions[0] if actions else None
