"""Free loopback ports and waiting for a server to answer on one."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

#: Every server the tests start listens here and only here: nothing is reachable from outside.
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now.

    The OS picks it (bind to port 0), so parallel test runs do not collide; the small window
    before the caller binds it is acceptable for tests.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(
    ready: Callable[[], bool],
    *,
    timeout: float,
    interval: float = 0.05,
    what: str = "condition",
) -> float:
    """Poll `ready` until it returns True; return the seconds waited, raise TimeoutError if not.

    Servers started in a subprocess give no "ready" signal, so we poll their health endpoint.
    """
    start = time.monotonic()
    while True:
        if ready():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what} not ready after {timeout:.0f}s")
        time.sleep(interval)


def non_loopback_address() -> str | None:
    """This machine's address on its default route, or None; sends nothing (UDP connect).

    Tests use it to prove a server is not reachable from outside 127.0.0.1.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address
