"""The lifecycle both in-process test servers share: a threaded HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Self


class ThreadedServer:
    """Serves ``self._httpd`` in a daemon thread; stopped by its own handle, port released."""

    _httpd: ThreadingHTTPServer
    _thread: threading.Thread | None = None
    name = "server"

    @property
    def port(self) -> int:
        """The port the OS gave us."""
        port: int = self._httpd.server_address[1]
        return port

    def start(self) -> Self:
        """Serve in a daemon thread; returns self for chaining."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=f"{self.name}-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
