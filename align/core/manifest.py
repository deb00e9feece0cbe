"""The manifest of the files zhen wrote in a folder, and what a folder holds against it.

Every folder zhen writes into keeps ``.zhen-files.json``: each file zhen put there, with its
size, modification time and BLAKE2 hash. :func:`inspect_folder` sorts what a folder holds
into files zhen wrote and left as they were, files zhen wrote that were changed since, and
files zhen did not write; :func:`clean_stale` removes what killed zhen processes left
behind. :mod:`align.core.outdir` builds its safety rules on these.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from align import __version__

#: The manifest of the files zhen wrote in a folder.
MANIFEST = ".zhen-files.json"
MANIFEST_FORMAT = 1
STAGING_MARKER = ".zhen-staging"  # marker file inside a staging folder
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileRecord:
    """What zhen knows of a file it wrote: size, modification time and content hash."""

    size: int
    mtime_ns: int
    digest: str


def file_digest(path: Path) -> str:
    """The 16-byte BLAKE2b hash of a file's content, in hex."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def record_of(path: Path) -> FileRecord:
    """The :class:`FileRecord` of ``path`` as it is now."""
    st = path.stat()
    return FileRecord(st.st_size, st.st_mtime_ns, file_digest(path))


def read_manifest(folder: Path) -> dict[str, FileRecord] | None:
    """The files listed in ``folder``'s manifest (relative POSIX paths), or None if it has
    none. A damaged manifest counts as none: zhen then owns nothing there."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        return {name: FileRecord(int(r[0]), int(r[1]), str(r[2]))
                for name, r in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def write_manifest(folder: Path, files: dict[str, FileRecord]) -> None:
    """Write ``folder``'s manifest atomically."""
    data = {"format": MANIFEST_FORMAT, "tool": f"zhen {__version__}",
            "files": {name: [r.size, r.mtime_ns, r.digest] for name, r in sorted(files.items())}}
    fd, tmp = tempfile.mkstemp(prefix=f".{MANIFEST}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & default_mode())
        os.replace(tmp, folder / MANIFEST)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unchanged(path: Path, rec: FileRecord) -> bool:
    """Whether ``path`` is still the file the manifest recorded: same size, and same
    modification time or, when only the time changed, same content."""
    st = path.stat()
    if st.st_size != rec.size:
        return False
    return st.st_mtime_ns == rec.mtime_ns or file_digest(path) == rec.digest


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def staging_pid(name: str, kind: str) -> int | None:
    """The process id in a zhen temporary name ``.X.zhen-KIND-PID-…``, or None."""
    marker = f".zhen-{kind}-"
    if not name.startswith(".") or marker not in name:
        return None
    rest = name.split(marker, 1)[1]
    digits = rest.split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _is_zhen_temp(name: str) -> bool:
    """A temporary file or staging folder of a zhen process, running or killed."""
    return any(staging_pid(name, kind) is not None for kind in ("tmp", "staging"))


@dataclass(frozen=True)
class FolderState:
    """What is at an output folder path: nothing, an empty folder, or files.

    ``foreign`` are files zhen did not write (never deleted), ``modified`` files zhen wrote
    that were changed since, ``owned`` the files zhen wrote, unchanged (None when the
    folder has no manifest); ``stamp`` identifies this state, to notice another process
    changing it.
    """

    exists: bool
    is_dir: bool
    foreign: tuple[str, ...]
    modified: tuple[str, ...]
    owned: dict[str, FileRecord] | None
    stamp: str


def walk_files(folder: Path) -> Iterator[str]:
    """Every entry below ``folder`` that is not a folder, as a relative POSIX path."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(root).relative_to(folder)
        for d in list(dirs):
            if (Path(root) / d).is_symlink():
                dirs.remove(d)
                files.append(d)
        for f in files:
            yield (rel / f).as_posix()


def inspect_folder(folder: Path) -> FolderState:
    """The :class:`FolderState` of ``folder`` (which may not exist)."""
    if not folder.exists() and not folder.is_symlink():
        return FolderState(False, False, (), (), None, "absent")
    if not folder.is_dir():
        return FolderState(True, False, (), (), None, "file")
    owned = read_manifest(folder)
    foreign: list[str] = []
    modified: list[str] = []
    present: dict[str, FileRecord] = {}
    for rel in walk_files(folder):
        if rel == MANIFEST:
            continue
        path = folder / rel
        rec = (owned or {}).get(rel)
        if rec is None:
            # A temporary file of a zhen write in progress, or of one that died.
            if "/" not in rel and _is_zhen_temp(rel):
                continue
            foreign.append(rel)
        elif path.is_symlink() or not unchanged(path, rec):
            modified.append(rel)
        else:
            present[rel] = rec
    h = hashlib.blake2b(digest_size=8)
    with contextlib.suppress(OSError):
        h.update((folder / MANIFEST).read_bytes())
    h.update("\0".join([*sorted(foreign), "|", *sorted(modified)]).encode())
    return FolderState(True, True, tuple(sorted(foreign)), tuple(sorted(modified)),
                       present if owned is not None else None, h.hexdigest())


def clean_stale(folder: Path, name: str | None = None) -> None:
    """Remove what killed zhen processes left in ``folder``: staging folders (only those
    holding zhen's staging marker) and temporary files, for ``name`` or for any name."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if name is not None and not entry.name.startswith(f".{name}.zhen-"):
            continue
        for kind in ("staging", "tmp"):
            pid = staging_pid(entry.name, kind)
            if pid is None or pid == os.getpid() or _pid_alive(pid):
                continue
            with contextlib.suppress(OSError):
                if kind == "staging" and entry.is_dir() and (entry / STAGING_MARKER).exists():
                    shutil.rmtree(entry)
                elif kind == "tmp" and entry.is_file() and not entry.is_symlink():
                    entry.unlink()


def default_mode() -> int:
    """The mode a new folder gets from the user's umask (0o755 under the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask
