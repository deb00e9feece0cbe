"""The ``zhen`` command line: a thin layer over the :mod:`align` and :mod:`glossary` libraries.

Each command parses its arguments, claims its outputs, makes the library calls and renders
the result; nothing here decides what a library user would also need to decide.
"""

from align import __version__

__all__ = ["__version__"]
