"""Writing what ``zhen run`` found into an output folder, all or nothing.

The folder's format is :mod:`align.core.runfolder`'s; this adds the paragraph-level
translation memory ``zhen.tmx`` written from the same records as ``zhen export tmx``
writes it. Everything goes into a staging folder beside ``OUTDIR`` that replaces it in one
step once complete (see :class:`align.core.outdir.FolderOutput`): an interrupted run never
leaves a half-written result, and a folder holding files zhen did not write is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from align.core.outdir import FolderOutput
from align.core.records import Run
from align.core.runfolder import write_run as write_folder


def write_run(run: Run, outdir: FolderOutput | str | os.PathLike[str], tmx: bool = True) -> Path:
    """Write ``run`` into ``outdir`` (replacing it) atomically; see the module docstring.

    ``outdir`` is a folder path, or a :class:`~align.core.outdir.FolderOutput` claimed
    before the work (so that a bad target fails before it). With ``tmx`` the folder also
    gets the paragraph-level translation memory ``zhen.tmx``. Returns the folder written.
    """
    output = outdir if isinstance(outdir, FolderOutput) else FolderOutput(outdir)
    with output as folder:
        write_folder(run, folder)
        if tmx:
            from align.exports.memory import TMX_NAME, write_memory

            write_memory(run, folder / TMX_NAME)
    return output.target
