"""The one exception tree of zhen.

The library raises these; only the command line prints them (as ``Error: …``) and exits
with code 1. Every message says what is wrong, where (``case03.zh:17``) and what to do.
"""

from __future__ import annotations


class ZhenError(Exception):
    """Base class of every error zhen reports to a user."""


class InputError(ZhenError):
    """An input file is missing, unreadable, empty or not what the command expects."""


class FormatError(InputError):
    """An input file is readable but its content breaks the expected grammar."""


class ModelError(ZhenError):
    """An encoder cannot be loaded (unknown name, missing optional dependency, no weights)."""


class OutputError(ZhenError):
    """An output cannot be written (unwritable folder, disk full)."""


class WorkerError(ZhenError):
    """A piece of work run in a child process stopped or failed (out of memory, killed)."""


def where(path: object, line: int | None = None) -> str:
    """Format a location as ``path:line`` (or just ``path``) for error messages."""
    return f"{path}:{line}" if line is not None else f"{path}"
