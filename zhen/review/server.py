"""Running the review server: a socket on 127.0.0.1, uvicorn on it, the browser opened.

The socket is bound here, before uvicorn starts, so that a port in use is known at once:
an explicit ``--port`` that is taken is an error (one line); the default port, when taken,
is replaced by a free one, and the address printed says which. Ctrl-C (or SIGTERM) stops
uvicorn, which finishes the request in flight; every edit is already on disk by then.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import webbrowser
from collections.abc import Callable

from align.core.errors import OutputError

#: The port ``zhen review`` tries first.
DEFAULT_PORT = 8765
HOST = "127.0.0.1"


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: ``port``, or the default port (a free one if it is
    taken) when ``port`` is None; ``0`` asks for a free one. Raises
    :class:`~align.core.errors.OutputError` when an explicit port is in use."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name != "nt":  # a port in TIME_WAIT after a restart can be reused at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        try:
            sock.bind((HOST, DEFAULT_PORT if port is None else port))
        except OSError as ex:
            if port is not None or ex.errno != errno.EADDRINUSE:
                raise
            sock.bind((HOST, 0))
        sock.listen(128)
    except OSError as ex:
        sock.close()
        if ex.errno == errno.EADDRINUSE:
            raise OutputError(f"port {port} on {HOST} is in use (another zhen review?); give "
                              "another with --port, or --port 0 for a free one") from None
        raise OutputError(f"cannot listen on {HOST}:{port} ({ex.strerror}); give another "
                          "--port") from None
    return sock


def serve(outdir: str | os.PathLike[str], port: int | None = None, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Serve the review page of the run folder ``outdir`` until Ctrl-C.

    Checks the folder first (:func:`zhen.review.state.check_reviewable`), binds the port
    (:func:`bind`), then prints the address with ``say`` and opens it in the browser unless
    ``open_browser`` is false.
    """
    import uvicorn

    from zhen.review.state import ReviewState
    from zhen.review.web import create_app

    state = ReviewState(outdir)
    sock = bind(port)
    actual = sock.getsockname()[1]
    url = f"http://{HOST}:{actual}/"
    if port is None and actual != DEFAULT_PORT:
        say(f"port {DEFAULT_PORT} is in use; using the free port {actual} instead")
    config = uvicorn.Config(create_app(state, actual), log_level="warning", access_log=False,
                            lifespan="off", server_header=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    # The glossary (thousands of entries) is read while the first page loads.
    threading.Thread(target=state.glossary, daemon=True).start()

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            say(f"zhen review: {url}  ({state.folder}; Ctrl-C to stop)")
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl-C it handled; the server has stopped
    finally:
        sock.close()
    log = state.folder / "edits.jsonl"
    say(f"zhen review stopped; every edit is in {log}" if log.exists()
        else "zhen review stopped; no edits were made")
