"""Which target of a target group gets a request, and the requests in flight to each target.

As the ALB: only ``healthy`` targets (or ``unavailable`` ones: health checks off) get requests, round robin or, with
the group's ``load_balancing.algorithm.type`` = least_outstanding_requests, the one with the fewest open requests.
None healthy but some ``unhealthy``: fail open to every target not draining. Draining targets get no new requests;
their open requests carry on until the target leaves the group (the end of the deregistration delay), when the data
plane's loop cuts them (``expired``).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from emulator.control_plane import targets

ROUTABLE = ("healthy", "unavailable")


@dataclass(eq=False)
class Flight:
    """One proxied request: the target it went to and the connection to cut if that target leaves its group."""

    backend: Any  # the elbv2 backend of the group
    group: Any
    record: Any
    port: int | None  # the owning task's stand-in, None when nothing serves the target here
    connection: http.client.HTTPConnection | None = field(default=None, repr=False)
    cut: bool = False

    def gone(self) -> bool:
        """The target left its group (drain over, deregistered) or the group was deleted. Under the lock."""
        group, record = self.group, self.record
        if self.backend.target_groups.get(group.arn) is not group:
            return True
        return targets.records(group).get(targets.key_of(group, record.target_id, record.port)) is not record

    def cut_now(self) -> None:
        self.cut = True
        sock = self.connection.sock if self.connection is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # the proxy's blocked read ends; it answers 502


class Balancer:
    def __init__(self, port_of: Any) -> None:
        self.port_of = port_of  # task -> its stand-in's port, or None
        self._turns: dict[str, int] = {}  # target group ARN -> round robin position
        self._flights: set[Flight] = set()
        self._guard = threading.Lock()

    def choose(self, backend: Any, group: Any) -> Flight | None:
        """Under the control plane's lock: the target for the next request, counted in flight; None: no target."""
        table = targets.records(group)
        live = [table[key] for key in sorted(targets.registered(group), key=str) if key in table]
        live = [record for record in live if record.drain_until is None and record.state[0] != "draining"]
        candidates = [record for record in live if record.state[0] in ROUTABLE]
        if not candidates and any(record.state[0] == "unhealthy" for record in live):
            candidates = live  # fail open
        if not candidates:
            return None
        turn = self._turns.get(group.arn, 0)
        self._turns[group.arn] = turn + 1
        if (group.attributes or {}).get("load_balancing.algorithm.type") == "least_outstanding_requests":
            with self._guard:
                open_counts = {id(f.record): 0 for f in self._flights}
                for flight in self._flights:
                    open_counts[id(flight.record)] += 1
            fewest = min(open_counts.get(id(r), 0) for r in candidates)
            candidates = [r for r in candidates if open_counts.get(id(r), 0) == fewest]
        record = candidates[turn % len(candidates)]
        port = self.port_of(record.owner) if record.owner is not None else None
        flight = Flight(backend, group, record, port)
        with self._guard:
            self._flights.add(flight)
        return flight

    def done(self, flight: Flight) -> None:
        with self._guard:
            self._flights.discard(flight)

    def expired(self) -> list[Flight]:
        """Under the control plane's lock: the open requests whose target has left its group (cut them after)."""
        with self._guard:
            flights = list(self._flights)
        return [flight for flight in flights if not flight.cut and flight.gone()]

    def open_requests(self) -> int:
        with self._guard:
            return len(self._flights)
