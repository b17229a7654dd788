"""A threaded HTTP server on 127.0.0.1 that costs one blocked thread while idle and can be closed in two steps.

``serve_forever`` of the standard library wakes twice a second to poll; here the accept loop blocks in accept() and
closing shuts the listening socket down, which wakes it at once (Linux). ``refuse()`` stops accepting (new connections
are refused) and leaves open connections alone; ``cut()`` resets every connection still open, as a killed process or
a load balancer ending a drain does.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from emulator import HOST


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # closing must not wait for handlers (a slow request can last 30 s)

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0, name: str = "loopback") -> None:
        super().__init__((HOST, port), handler)
        self.port: int = self.server_address[1]
        self.name = name
        self.cut_event = threading.Event()  # set when open connections must end
        self._refused = False
        self._connections: set[socket.socket] = set()
        self._guard = threading.Lock()
        self._thread = threading.Thread(target=self._accept_loop, name=f"{name}:{self.port}", daemon=True)

    def server_bind(self) -> None:
        """As HTTPServer's, without its reverse DNS lookup of the address (it runs under the control plane's lock)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def _accept_loop(self) -> None:
        while not self._refused:
            self._handle_request_noblock()  # blocks in accept(); returns on the OSError a shutdown causes

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._guard:
            if self._refused:
                reset(request)
                return
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._guard:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away, or a connection we cut: nothing to log."""

    @property
    def refused(self) -> bool:
        return self._refused

    def refuse(self) -> None:
        """Stop accepting: new connections are refused from now on; open ones carry on."""
        with self._guard:
            if self._refused:
                return
            self._refused = True
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        self.server_close()

    def cut(self) -> None:
        """Refuse, then end every open connection with a reset (handlers waiting on ``cut_event`` wake up)."""
        self.refuse()
        self.cut_event.set()
        with self._guard:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)  # wakes a handler blocked reading; its own close then resets


def reset(connection: socket.socket) -> None:
    """Close with RST, not FIN: the peer sees 'connection reset', as when a process dies mid-request."""
    try:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    except OSError:
        pass
