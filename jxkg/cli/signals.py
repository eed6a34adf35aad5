"""SIGTERM and SIGHUP stop `jxkg serve` and `jxkg demo` exactly as Ctrl-C (SIGINT) does.

Their default action ends the process at once, so `finally:` blocks (stopping the database `jxkg demo`
started) never run. Here both are turned into Ctrl-C's KeyboardInterrupt, and while the API serves they
go to uvicorn's own graceful shutdown.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the command that serves, not by every command
    import uvicorn

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
STARTUP_FAILURE = 1  # what uvicorn.run exits with when the server never started


@contextmanager
def stop_signals_as_ctrl_c() -> Iterator[None]:
    """Inside, SIGTERM and SIGHUP raise KeyboardInterrupt as SIGINT does; the previous handlers come back after."""
    previous = {sig: signal.signal(sig, signal.default_int_handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_until_stopped(server: uvicorn.Server) -> None:
    """Run `server` until Ctrl-C, SIGTERM or SIGHUP; return once it has shut down in order.

    uvicorn's Server.capture_signals sends SIGINT and SIGTERM (not SIGHUP) to Server.handle_exit while it
    serves; after its shutdown it puts back the handlers it found and re-raises each captured signal with
    signal.raise_signal. With default_int_handler there (ours), the re-raise is a KeyboardInterrupt caught
    below, as uvicorn.run catches it for Ctrl-C, so the caller's cleanup runs and the process exits 0.
    """
    with stop_signals_as_ctrl_c():
        # SIGHUP takes the same graceful path as SIGTERM; its re-raise lands here again, a no-op by then.
        signal.signal(signal.SIGHUP, server.handle_exit)
        # KeyboardInterrupt: a stop signal, re-raised by uvicorn or arrived before it took over
        with suppress(KeyboardInterrupt):
            server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)  # as uvicorn.run; failures during startup already sys.exit themselves


def supervise_until_stopped(config: uvicorn.Config) -> None:
    """Run `config.workers` worker processes under uvicorn's supervisor until Ctrl-C, SIGTERM or SIGHUP.

    uvicorn's supervisor restarts its workers on SIGHUP; here SIGHUP stops them, as it stops a single
    process (`serve_until_stopped`), so `jxkg serve` means the same whatever its worker count. The
    supervisor stops its workers (SIGTERM: each shuts down in order) and waits for them before returning.
    """
    from uvicorn.supervisors import Multiprocess

    class Supervisor(Multiprocess):
        def handle_hup(self) -> None:
            self.handle_term()

    sock = config.bind_socket()
    try:
        with stop_signals_as_ctrl_c(), suppress(KeyboardInterrupt):
            Supervisor(config, sockets=[sock]).run()
    finally:
        sock.close()
