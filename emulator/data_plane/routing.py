"""A listener's rules, as the ALB evaluates them: by priority, the default rule last; a rule matches when every
condition does, a condition when any of its values does. Conditions: path-pattern (case-sensitive), host-header
(case-insensitive, port ignored), http-request-method, http-header (name case-insensitive, value wildcards),
query-string (key/value wildcards) and source-ip. ``*`` matches any run of characters, ``?`` exactly one.
"""

from __future__ import annotations

import ipaddress
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

CONFIG_KEYS = {  # the condition's *Config block, next to the legacy "Values"
    "path-pattern": "PathPatternConfig",
    "host-header": "HostHeaderConfig",
    "http-request-method": "HttpRequestMethodConfig",
    "http-header": "HttpHeaderConfig",
    "query-string": "QueryStringConfig",
    "source-ip": "SourceIpConfig",
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    host: str
    headers: dict[str, str]  # names lower-cased
    client_ip: str


@lru_cache(maxsize=1024)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def values_of(condition: dict[str, Any]) -> list[Any]:
    config = condition.get(CONFIG_KEYS.get(condition.get("Field", ""), "")) or {}
    if condition.get("Field") == "http-header":
        return [config]
    return list(config.get("Values") or condition.get("Values") or [])


def condition_matches(condition: dict[str, Any], request: Request) -> bool:
    field = condition.get("Field")
    values = values_of(condition)
    if field == "path-pattern":
        return any(wildcard_match(v, request.path) for v in values)
    if field == "host-header":
        host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
        return any(wildcard_match(v, host, ignore_case=True) for v in values)
    if field == "http-request-method":
        return request.method in values
    if field == "http-header":
        config = values[0] if values else {}
        header = request.headers.get(str(config.get("HttpHeaderName", "")).lower())
        return header is not None and any(wildcard_match(v, header, True) for v in config.get("Values") or [])
    if field == "query-string":
        pairs = parse_qsl(request.query, keep_blank_values=True)
        return any(query_pair_matches(v, key, val) for v in values for key, val in pairs)
    if field == "source-ip":
        try:
            address = ipaddress.ip_address(request.client_ip)
            return any(address in ipaddress.ip_network(v, strict=False) for v in values)
        except ValueError:
            return False
    return False  # a condition we do not model never matches


def query_pair_matches(wanted: dict[str, Any], key: str, value: str) -> bool:
    """A query-string condition's {Key?, Value} against one key=value of the request (no Key: any key)."""
    key_matches = not wanted.get("Key") or wildcard_match(wanted["Key"], key, True)
    return key_matches and wildcard_match(wanted.get("Value", ""), value, True)


def ordered_rules(listener: Any) -> list[Any]:
    """The listener's rules by priority, the default rule last."""
    rules = list(listener.rules.values())
    default = [r for r in rules if r.is_default]
    others = sorted((r for r in rules if not r.is_default), key=lambda r: int(r.priority))
    return others + default


def matching_actions(listener: Any, request: Request) -> list[Any]:
    """The actions of the first rule whose conditions all match (the default rule matches everything)."""
    for rule in ordered_rules(listener):
        if all(condition_matches(c, request) for c in rule.conditions or []):
            return sorted(rule.actions, key=lambda a: int(a.data.get("Order") or 0))
    return []


def final_action(actions: list[Any]) -> dict[str, Any] | None:
    """The action that answers (authenticate-* actions before it are not modelled and are skipped)."""
    for action in actions:
        if action.data.get("Type") in ("forward", "fixed-response", "redirect"):
            return action.data
    return None


def forward_group(action: dict[str, Any], chance: random.Random | None = None) -> str | None:
    """The target group a forward action sends this request to: the only one, or one drawn by weight."""
    groups = (action.get("ForwardConfig") or {}).get("TargetGroups") or []
    weighted = [(g["TargetGroupArn"], int(g.get("Weight", 1) or 0)) for g in groups if g.get("TargetGroupArn")]
    weighted = [(arn, weight) for arn, weight in weighted if weight > 0]
    if not weighted:
        return action.get("TargetGroupArn")
    pick = (chance or random).uniform(0, sum(w for _dummy, w in weighted))
    for arn, weight in weighted:
        pick -= weight
        if pick <= 0:
            return arn
    return weighted[-1][0]


def redirect_location(config: dict[str, Any], request: Request, listener_protocol: str, listener_port: int) -> str:
    """The Location of a redirect action: #{protocol}, #{host}, #{port}, #{path}, #{query} replaced by the request's;
    a port standard for the protocol is left out, as the ALB does."""
    host = request.host.rsplit(":", 1)[0] if request.host else ""
    values = {
        "protocol": listener_protocol.lower(),
        "host": host,
        "port": str(listener_port),
        "path": request.path.lstrip("/"),
        "query": request.query,
    }

    def fill(template: str) -> str:
        for key, value in values.items():
            template = template.replace("#{%s}" % key, value)
        return template

    protocol = fill(config.get("Protocol") or "#{protocol}").lower()
    port = fill(config.get("Port") or "#{port}")
    path = "/" + fill(config.get("Path") or "/#{path}").lstrip("/")
    query = fill(config.get("Query") or "#{query}")
    netloc = fill(config.get("Host") or "#{host}")
    if (protocol, port) not in (("http", "80"), ("https", "443")):
        netloc += f":{port}"
    return f"{protocol}://{netloc}{path}" + (f"?{query}" if query else "")
