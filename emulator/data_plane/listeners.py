"""One loopback endpoint per ALB listener: opened when the listener is created, closed when it or its load balancer
is deleted (moto's CreateListener, DeleteListener and DeleteLoadBalancer are wrapped to reconcile the endpoints).

Ports: the lowest port from the base (EMULATOR_LISTENER_PORT_BASE) that no open endpoint holds and that binds, taken
in creation order; a port another process holds is skipped. Only application load balancers get endpoints.
"""

from __future__ import annotations

from typing import Any

from emulator import HOST
from emulator.control_plane import backends
from emulator.data_plane.balancer import Balancer
from emulator.data_plane.proxy import ListenerEndpoint

MAX_PORT = 65535


class ListenerEndpoints:
    def __init__(self, lock: Any, balancer: Balancer, port_base: int) -> None:
        self.lock = lock
        self.balancer = balancer
        self.port_base = port_base
        self._endpoints: dict[str, tuple[Any, ListenerEndpoint]] = {}  # listener ARN -> (elbv2 backend, endpoint)

    # ---- reconciling with moto (under the control plane's lock: binding and closing do not wait) --------------
    def reconcile(self, backend: Any) -> None:
        """Open an endpoint for each listener of the backend's ALBs without one; close those whose listener is gone."""
        live = {}
        for load_balancer in list(backend.load_balancers.values()):
            if getattr(load_balancer, "type", "application") != "application":
                continue
            for listener in list(load_balancer.listeners.values()):
                live[listener.arn] = (load_balancer, listener)
        for arn, (owner, endpoint) in list(self._endpoints.items()):
            if owner is backend and arn not in live:
                del self._endpoints[arn]
                endpoint.cut()
        for arn, (load_balancer, listener) in live.items():
            if arn not in self._endpoints:
                self._endpoints[arn] = (backend, self._open(backend, load_balancer, listener))

    def reconcile_all(self) -> None:
        from moto.elbv2.models import elbv2_backends

        for _dummy, _dummy, backend in backends.existing(elbv2_backends):
            self.reconcile(backend)

    def _open(self, backend: Any, load_balancer: Any, listener: Any) -> ListenerEndpoint:
        taken = {endpoint.port for _dummy, endpoint in self._endpoints.values()}
        for port in range(self.port_base, MAX_PORT + 1):
            if port in taken:
                continue
            try:
                endpoint = ListenerEndpoint(self.lock, self.balancer, backend, load_balancer, listener, port)
            except OSError:  # held by another process
                continue
            return endpoint.start()
        return ListenerEndpoint(self.lock, self.balancer, backend, load_balancer, listener, 0).start()

    def install(self) -> None:
        """Wrap the elbv2 calls that create or delete listeners."""
        from moto.elbv2.models import ELBv2Backend

        endpoints = self

        def reconciling(original: Any) -> Any:
            def call(self: Any, *args: Any, **kwargs: Any) -> Any:
                result = original(self, *args, **kwargs)
                endpoints.reconcile(self)
                return result

            return call

        for name in ("create_listener", "delete_listener", "delete_load_balancer"):
            setattr(ELBv2Backend, name, reconciling(getattr(ELBv2Backend, name)))

    # ---- what /_emulator/listeners reports (under the lock) ---------------------------------------------------
    def describe(self, load_balancer: str | None = None, port: int | None = None) -> list[dict[str, Any]]:
        self.reconcile_all()
        found = []
        for arn, (backend, endpoint) in self._endpoints.items():
            owner = backend.load_balancers.get(endpoint.load_balancer_arn)
            listener = owner.listeners.get(arn) if owner is not None else None
            if listener is None:
                continue
            if load_balancer and load_balancer not in (owner.name, owner.arn):
                continue
            if port is not None and int(listener.port or 0) != port:
                continue
            found.append(
                {
                    "listener_arn": arn,
                    "load_balancer_arn": owner.arn,
                    "load_balancer_name": owner.name,
                    "dns_name": owner.dns_name,
                    "port": int(listener.port or 0),
                    "protocol": listener.protocol,
                    "local_port": endpoint.port,
                    "url": f"http://{HOST}:{endpoint.port}",
                }
            )
        return found

    def close_all(self) -> None:
        for _dummy, endpoint in self._endpoints.values():
            endpoint.cut()
        self._endpoints.clear()
