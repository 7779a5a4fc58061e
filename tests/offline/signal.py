"""The phone's signal in the offline tests: a TCP relay in front of the live server that can be cut.

Playwright's offline emulation covers pages but not, reliably, a service worker: a Background
Sync fired as the browser reopens can still reach the server (microsoft/playwright#2311). With
the signal cut, the relay drops every open connection and resets each new one, so every request,
the service worker's included, fails as it does with no network at all.
"""

import contextlib
import socket
import struct
import threading
from urllib.parse import urlsplit


class Signal:
    def __init__(self, server_url: str):
        self._server = (urlsplit(server_url).hostname, urlsplit(server_url).port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._up = True
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="signal", daemon=True).start()

    def cut(self) -> None:
        """No network from now on: open connections are dropped, new ones reset."""
        with self._lock:
            self._up = False
            for sock in self._open:
                _reset(sock)
            self._open.clear()

    def restore(self) -> None:
        with self._lock:
            self._up = True

    def close(self) -> None:
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                phone, _ = self._listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._relay, args=(phone,), daemon=True).start()

    def _relay(self, phone: socket.socket) -> None:
        with self._lock:
            if not self._up:
                _reset(phone)
                return
        try:
            server = socket.create_connection(self._server)
        except OSError:
            _reset(phone)
            return
        with self._lock:
            if not self._up:  # cut while connecting
                _reset(phone)
                _reset(server)
                return
            self._open.update((phone, server))
        threading.Thread(target=self._pump, args=(server, phone), daemon=True).start()
        self._pump(phone, server)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        """Bytes one way until either side ends; then both ends are shut, and this one closed."""
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass  # cut, or the other side went away
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        with self._lock:
            self._open.discard(source)
        source.close()


def _reset(sock: socket.socket) -> None:
    """Close with a reset (linger 0), as a dropped link shows to the browser."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
