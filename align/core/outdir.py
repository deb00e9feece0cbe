"""Outputs zhen owns: it writes only where it may, whole or not at all, and never deletes a
file it did not write.

Every folder zhen writes into holds a manifest, ``.zhen-files.json``, listing each file zhen
wrote there with its size, modification time and BLAKE2 hash. With it zhen knows, for any
file it finds, whether it wrote it and whether it was changed since:

* :class:`FolderOutput` replaces a whole folder (``zhen run -o OUTDIR``). The target must be
  new, empty, or hold only files zhen wrote; a file zhen did not write (``notes.txt``) is
  never touched: the run is refused before any work. A file zhen wrote but that was changed
  since (a glossary edited by hand) is replaced only with ``force``. Results are written
  into a hidden staging folder beside the target, which is checked writable at once, and
  swapped with the target in one step when complete (``renameat2(RENAME_EXCHANGE)`` on
  Linux): readers see the old results or the new ones, never a mix. The old results are
  then deleted file by file, as listed in their manifest.
* :class:`FileOutputs` adds or replaces single files (``zhen glossary``, ``zhen export``,
  ``zhen align -o``) under the same rules, each through a temporary file beside it.

Both check everything they can when created, so that a bad target fails in milliseconds,
before hours of work. Two zhen processes committing into the same place are serialised by
a lock on the folder; the second finds the target changed since it checked it and fails
cleanly, writing nothing. A run killed outright leaves its staging folder behind, named
``.NAME.zhen-staging-PID-…``; the next zhen run into the same place removes it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from align.core.atomic import exchange, locked
from align.core.errors import OutputError
from align.core.manifest import (
    MANIFEST,
    STAGING_MARKER,
    FileRecord,
    FolderState,
    clean_stale,
    default_mode,
    inspect_folder,
    read_manifest,
    record_of,
    unchanged,
    walk_files,
    write_manifest,
)

_LEFTOVER = "zhen-leftover"
# How many offending file names a refusal lists; the rest are counted.
_NAMES_SHOWN = 3


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_NAMES_SHOWN])
    more = len(items) - _NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def absolute(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute with symbolic links resolved (``-o .`` names the folder)."""
    return Path(os.path.abspath(path)).resolve()


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _record_tree(folder: Path) -> dict[str, FileRecord]:
    """Records of every file below ``folder``, each flushed to disk first."""
    files: dict[str, FileRecord] = {}
    for rel in walk_files(folder):
        if rel in (MANIFEST, STAGING_MARKER):
            continue
        path = folder / rel
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        files[rel] = record_of(path)
    return files


def _remove_owned(folder: Path, names: Iterable[str]) -> list[str]:
    """Delete the files ``names`` (zhen's own, checked by the caller) under ``folder``, then
    the folders left empty; returns what is left (files that appeared after the last check,
    which are never deleted)."""
    for rel in names:
        path = folder / rel
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
    with contextlib.suppress(OSError):
        (folder / MANIFEST).unlink()
    with contextlib.suppress(OSError):
        (folder / STAGING_MARKER).unlink()
    for root, _dirs, _files in sorted(os.walk(folder), key=lambda t: -len(t[0])):
        with contextlib.suppress(OSError):
            os.rmdir(root)
    return list(walk_files(folder)) if folder.exists() else []


def _oserror(target: Path, ex: OSError, hint: str) -> OutputError:
    reason = ex.strerror or str(ex)
    if ex.errno == errno.ENOSPC:
        return OutputError(f"{target}: the disk is full ({reason}); nothing was changed; "
                           "free some space or choose another location")
    return OutputError(f"{target}: cannot be written ({reason}); nothing was changed; {hint}")


class FolderOutput:
    """A folder that zhen's results will replace as a whole; see the module docstring.

    Creating it checks the target and creates the staging folder: a target zhen may not
    replace, or cannot write, raises :class:`~align.core.errors.OutputError` at once. Write the
    results into :attr:`staging`, then :meth:`commit`; or use it as a context manager,
    which commits on success and discards the staging folder on any error.

    ``inputs`` are the paths the job reads: the target may neither be nor hold one of them.
    ``force`` allows replacing files zhen wrote that were changed since.
    """

    def __init__(self, target: str | os.PathLike[str], *, force: bool = False,
                 inputs: Iterable[str | os.PathLike[str]] = (), option: str = "-o") -> None:
        self.given = Path(target)
        self.target = absolute(target)
        self.force = force
        self._option = option
        self._created: list[Path] = []
        self._done = False
        self._check_place(inputs)
        self._state = self._check_state(inspect_folder(self.target))
        self.staging = self._make_staging()

    # -- checks --------------------------------------------------------------------------
    def _check_place(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        t, o = self.target, self._option
        if _inside(absolute(os.getcwd()), t):
            raise OutputError(f"{self.given}: is the folder you are working in (or holds it); "
                              f"zhen replaces its output folder as a whole, so give a new "
                              f"folder, e.g. {o} zhen-out")
        for raw in inputs:
            p = absolute(raw)
            if _inside(p, t):
                what = "is one of the inputs" if p == t else f"holds the input {raw}"
                raise OutputError(f"{self.given}: {what}; zhen never replaces its inputs: "
                                  f"choose an output folder outside them with {o}")

    def _check_state(self, state: FolderState) -> FolderState:
        t, o = self.given, self._option
        if state.exists and not state.is_dir:
            raise OutputError(f"{t}: exists and is not a folder; choose another {o}")
        if state.foreign:
            raise OutputError(f"{t}: holds files zhen did not write ({_names(state.foreign)}); "
                              f"zhen never deletes them: move them out or choose another {o}")
        if state.modified and not self.force:
            raise OutputError(f"{t}: {_names(state.modified)} changed since zhen wrote "
                              f"{'it' if len(state.modified) == 1 else 'them'}; keep a copy "
                              f"elsewhere and add --force to replace, or choose another {o}")
        if state.exists:
            for root, dirs, _files in os.walk(self.target):
                for d in [root, *(os.path.join(root, x) for x in dirs)]:
                    if not os.access(d, os.W_OK):
                        raise OutputError(f"{t}: cannot be replaced (read-only: {d}); make it "
                                          f"writable or choose another {o}")
        return state

    def _make_staging(self) -> Path:
        parent = self.target.parent
        try:
            missing = [p for p in [parent, *parent.parents] if not p.exists()]
            parent.mkdir(parents=True, exist_ok=True)
            self._created = missing
            clean_stale(parent, self.target.name)
            staging = Path(tempfile.mkdtemp(
                prefix=f".{self.target.name}.zhen-staging-{os.getpid()}-", dir=parent))
            (staging / STAGING_MARKER).write_bytes(b"")
        except OSError as ex:
            self._remove_created()
            raise _oserror(self.given, ex, f"choose a writable location with {self._option}"
                           ) from None
        return staging

    def _remove_created(self) -> None:
        for p in self._created:
            with contextlib.suppress(OSError):
                p.rmdir()

    # -- commit --------------------------------------------------------------------------
    def commit(self) -> None:
        """Put the staged results in place of the target, in one step."""
        if self._done:
            return
        try:
            with contextlib.suppress(OSError):
                (self.staging / STAGING_MARKER).unlink()
            files = _record_tree(self.staging)
            write_manifest(self.staging, files)
            parent = self.target.parent
            with locked(parent):
                now = inspect_folder(self.target)
                if now.stamp != self._state.stamp:
                    raise OutputError(f"{self.given}: was changed by another program while zhen "
                                      "worked (another zhen run?); nothing was written: run "
                                      "again")
                self._check_state(now)
                mode = stat.S_IMODE(self.target.stat().st_mode) if now.exists \
                    else default_mode()
                os.chmod(self.staging, mode)
                if now.exists:
                    clean_stale(self.target)
                if not now.exists or not any(os.scandir(self.target)):
                    os.replace(self.staging, self.target)
                    self._done = True
                    return
                if not exchange(self.staging, self.target):
                    old = self.staging.with_name(self.staging.name + "-old")
                    os.rename(self.target, old)
                    try:
                        os.rename(self.staging, self.target)
                    except OSError:
                        os.rename(old, self.target)
                        raise
                    self.staging = old
                self._done = True
                doomed = [*(now.owned or {}), *(now.modified if self.force else ())]
                left = _remove_owned(self.staging, doomed)
                if left:
                    keep = self.target.with_name(f"{self.target.name}.{_LEFTOVER}-{os.getpid()}")
                    os.rename(self.staging, keep)
                    raise OutputError(f"{self.given}: the results were written, but files "
                                      f"appeared in the old folder meanwhile ({_names(left)}); "
                                      f"they were kept in {keep}")
        except OSError as ex:
            self.discard()
            raise _oserror(self.given, ex, f"choose another {self._option}") from None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the staging folder (the target is left as it was)."""
        if not self._done:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._remove_created()
            self._done = True

    def __enter__(self) -> Path:
        return self.staging

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        _finish(self, value, self.given, f"choose another {self._option}")


class FileOutputs:
    """Files zhen will add to folders or replace there; see the module docstring.

    Creating it checks every target (a file zhen did not write is refused; one zhen wrote
    but that was changed since needs ``force``) and creates an empty temporary file beside
    each, so that an unwritable place fails at once. Write each target's content to
    :meth:`path` (``target``), then :meth:`commit`; or use it as a context manager.
    """

    def __init__(self, targets: Iterable[str | os.PathLike[str]], *, force: bool = False,
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.force = force
        self.targets: list[Path] = []
        self._given: dict[Path, Path] = {}
        self._temps: dict[Path, Path] = {}
        self._before: dict[Path, FileRecord | None] = {}
        self._done = False
        protected = {absolute(p) for p in inputs}
        try:
            for raw in targets:
                t = absolute(raw)
                if t in self._given:
                    continue
                self._given[t] = Path(raw)
                self.targets.append(t)
                if t in protected:
                    raise OutputError(f"{raw}: is one of the inputs; zhen never overwrites its "
                                      "inputs: choose another name")
                self._before[t] = self._check(t, Path(raw))
            for t in self.targets:
                self._temps[t] = self._make_temp(t)
        except BaseException:
            self.discard()
            raise

    def _check(self, t: Path, given: Path) -> FileRecord | None:
        if t.is_dir():
            raise OutputError(f"{given}: is a folder; give a file name")
        if not t.exists() and not t.is_symlink():
            return None
        rec = (read_manifest(t.parent) or {}).get(t.name)
        if rec is None or t.is_symlink():
            raise OutputError(f"{given}: exists and zhen did not write it; zhen never "
                              "overwrites such files: choose another name or move it away")
        if not unchanged(t, rec):
            if not self.force:
                raise OutputError(f"{given}: changed since zhen wrote it; keep a copy "
                                  "elsewhere and add --force to replace it, or choose "
                                  "another name")
            return record_of(t)
        return rec

    def _make_temp(self, t: Path) -> Path:
        try:
            t.parent.mkdir(parents=True, exist_ok=True)
            clean_stale(t.parent, t.stem)
            # The temporary file keeps the target's extension, which writers may read.
            fd, tmp = tempfile.mkstemp(prefix=f".{t.stem}.zhen-tmp-{os.getpid()}-",
                                       suffix=t.suffix, dir=t.parent)
            os.close(fd)
        except OSError as ex:
            raise _oserror(self._given[t], ex, "choose a writable location") from None
        return Path(tmp)

    def path(self, target: str | os.PathLike[str]) -> Path:
        """Where to write the content of ``target`` before :meth:`commit`."""
        return self._temps[absolute(target)]

    def commit(self) -> None:
        """Move every written file into place and record it in its folder's manifest."""
        if self._done:
            return
        by_folder: dict[Path, list[Path]] = {}
        for t in self.targets:
            by_folder.setdefault(t.parent, []).append(t)
        try:
            for folder, targets in by_folder.items():
                with locked(folder):
                    for t in targets:
                        before = self._before[t]
                        now = record_of(t) if t.exists() else None
                        if (before is None) != (now is None) or (
                                before is not None and now is not None
                                and before.digest != now.digest):
                            raise OutputError(f"{self._given[t]}: was changed by another "
                                              "program while zhen worked; nothing more was "
                                              "written: run again")
                    manifest = read_manifest(folder) or {}
                    for t in targets:
                        tmp = self._temps[t]
                        os.chmod(tmp, 0o666 & default_mode())
                        fd = os.open(tmp, os.O_RDONLY)
                        try:
                            os.fsync(fd)
                        finally:
                            os.close(fd)
                        os.replace(tmp, t)
                        del self._temps[t]
                        manifest[t.name] = record_of(t)
                    write_manifest(folder, manifest)
        except OSError as ex:
            self.discard()
            raise _oserror(self._given[self.targets[0]], ex, "choose another location"
                           ) from None
        except BaseException:
            self.discard()
            raise
        self._done = True

    def discard(self) -> None:
        """Remove the temporary files not yet moved into place."""
        for tmp in self._temps.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._temps.clear()
        self._done = True

    def __enter__(self) -> FileOutputs:
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        _finish(self, value, self._given[self.targets[0]] if self.targets else Path("."),
                "choose another location")


def _finish(claim: FolderOutput | FileOutputs, error: object, target: Path, hint: str) -> None:
    """End a claim's ``with`` block: commit when it succeeded, else discard what was staged
    (an ``OSError`` of the block becomes a one-line :class:`OutputError`)."""
    if error is None:
        claim.commit()
        return
    claim.discard()
    if isinstance(error, OSError):
        raise _oserror(target, error, hint) from None
