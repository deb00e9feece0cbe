"""Writing what ``zhen run`` found into an output folder, all or nothing.

The folder's format is :mod:`align.core.runfolder`'s; this adds the paragraph-level
translation memory ``zhen.tmx`` written from the same records as ``zhen export tmx``
writes it. Everything goes into a staging folder beside ``OUTDIR`` that replaces it in one
step once complete (see :class:`align.core.outdir.FolderOutput`): an interrupted run never
leaves a half-written result, and a folder holding files zhen did not write is refused.

A folder being replaced may hold a reviewer's edit log (``edits.jsonl``, see
:mod:`align.core.edits`): it is carried into the new folder as it is and re-applied on top
of the new result, and the edits that no longer apply are reported as warnings; the case
and missing lists (``cases.csv``, ``missing.csv``) and the memory (``zhen.tmx``) are then
written from the reviewed run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from align.core.edits import EDITS
from align.core.outdir import FolderOutput
from align.core.progress import Warn
from align.core.records import Run
from align.core.reviewed import review_run
from align.core.runfolder import write_run as write_folder
from align.core.tables import write_cases, write_missing


def write_run(run: Run, outdir: FolderOutput | str | os.PathLike[str], tmx: bool = True,
              warn: Warn | None = None, keep_spacing: bool = False) -> Path:
    """Write ``run`` into ``outdir`` (replacing it) atomically; see the module docstring.

    ``outdir`` is a folder path, or a :class:`~align.core.outdir.FolderOutput` claimed
    before the work (so that a bad target fails before it). With ``tmx`` the folder also
    gets the paragraph-level translation memory ``zhen.tmx``, of the reviewed run when the
    folder held an edit log (with ``keep_spacing``, its Chinese text keeps the spaces
    between Han characters and Latin letters or digits). ``warn`` gets one message per
    edit that no longer applies. Returns the folder written.
    """
    output = outdir if isinstance(outdir, FolderOutput) else FolderOutput(outdir)
    with output as folder:
        write_folder(run, folder)
        reviewed = run
        old_log = output.target / EDITS
        if old_log.is_file() and not old_log.is_symlink():
            # The target was checked when it was claimed: the log is zhen's (or changed by
            # hand and --force given). Another program appending to it meanwhile makes the
            # commit fail, so no edit is lost.
            shutil.copyfile(old_log, folder / EDITS)
            reviewed = review_run(run, folder)
            for message in reviewed.edit_problems:
                if warn:
                    warn(message.replace(str(folder), str(output.given)))
            # The reviewed state is what later steps read: the case and missing lists and
            # the memory follow it; the records and the pair tables stay the machine's.
            write_cases(reviewed, folder / "cases.csv")
            write_missing(reviewed, folder / "missing.csv")
        if tmx:
            from align.exports.memory import TMX_NAME, write_memory

            write_memory(reviewed, folder / TMX_NAME, keep_spacing=keep_spacing)
    return output.target
