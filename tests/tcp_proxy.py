"""A TCP proxy that can stop answering: the hung dependency of the reliability tests.

`TcpProxy(port)` forwards 127.0.0.1:<its own port> to 127.0.0.1:<port>. After `hang()` it still
accepts connections (the kernel keeps acknowledging what is sent) but passes nothing on, in
either direction, on new and open connections alike: a server that is there and never answers,
which no TCP keepalive notices. `resume()` makes it forward again.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from typing import Self


class TcpProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.hung = threading.Event()
        self.stopped = threading.Event()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._serve, daemon=True, name="tcp-proxy")

    def hang(self) -> None:
        self.hung.set()

    def resume(self) -> None:
        self.hung.clear()

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.listener, selectors.EVENT_READ)
        peers: dict[socket.socket, socket.socket] = {}
        while not self.stopped.is_set():
            for key, _ in selector.select(timeout=0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self.listener:
                    client, _ = self.listener.accept()
                    with self.lock:
                        self.sockets.append(client)
                    if self.hung.is_set():
                        continue  # accepted by the kernel, never served
                    try:
                        upstream = socket.create_connection(self.target, timeout=2)
                    except OSError:
                        client.close()
                        continue
                    with self.lock:
                        self.sockets.append(upstream)
                    peers[client], peers[upstream] = upstream, client
                    selector.register(client, selectors.EVENT_READ)
                    selector.register(upstream, selectors.EVENT_READ)
                    continue
                if self.hung.is_set():
                    continue  # leave the bytes where they are
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                peer = peers.get(sock)
                if not data or peer is None:
                    for end in (sock, peer):
                        if end is not None:
                            peers.pop(end, None)
                            with contextlib.suppress(KeyError, ValueError):
                                selector.unregister(end)
                            end.close()
                    continue
                with contextlib.suppress(OSError):
                    peer.sendall(data)
            if self.hung.is_set():
                self.stopped.wait(0.02)  # readable sockets stay readable: do not spin
        selector.close()

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        with self.lock:
            for sock in self.sockets:
                sock.close()
        self.listener.close()
