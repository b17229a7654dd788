"""A target group's success codes (Matcher HttpCode): "200", "200-299", "200,302", or a mix; default "200"."""

from __future__ import annotations

from typing import Any


def success_codes(matcher: Any) -> str:
    if isinstance(matcher, dict):
        return str(matcher.get("HttpCode") or "200")
    return str(matcher or "200")


def matches(codes: str, status: int) -> bool:
    for part in codes.replace(" ", "").split(","):
        low, _dummy, high = part.partition("-")
        try:
            if int(low) <= status <= int(high or low):
                return True
        except ValueError:
            continue
    return False
