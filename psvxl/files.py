"""Writing output files safely: atomically, never over the input or a person's file, never under an
open Office lock, through symbolic links.

Over an existing file psvxl writes only when it wrote that file itself and nobody changed it since
(its fingerprint, kept in the user's state folder, still matches), or when told to (--force).
Otherwise the output gets a new name beside it («Rapport (2).docx») and a note says which.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from psvxl.errors import OutputError
from psvxl.i18n import t

MAX_REMEMBERED = 2000          # fingerprints kept of files psvxl wrote (the oldest are forgotten)
_notes: list[str] = []         # what the user should hear about where an output went


def lock_file(path: Path) -> Path:
    """The owner file Excel and Word keep beside an open document ("~$" + name; Word shortens long names)."""
    return path.with_name("~$" + path.name)


def lock_files(path: Path) -> list[Path]:
    """Every lock file that says `path` is open: Excel's and Word's "~$", LibreOffice's ".~lock.NAME#"."""
    found = [lock_file(path), path.with_name(f".~lock.{path.name}#")]
    if len(path.stem) > 6:
        # Word replaces the first two characters of a long name: "~$port.docx" for "Report.docx".
        found.append(path.with_name("~$" + path.name[2:]))
    return [lock for lock in found if lock.exists()]


def is_locked(path: Path) -> bool:
    return bool(lock_files(path))


def locked_message(path: Path) -> str:
    locks = lock_files(path) or [lock_file(path)]
    program = "LibreOffice" if locks[0].name.startswith(".~lock.") else t("files.excel-or-word")
    return t("files.open", name=path.name, program=program, lock=locks[0].name)


def _writable(path: Path) -> bool:
    try:
        check_writable(path)
    except OutputError:
        return False
    return True


def check_writable(path: Path) -> None:
    """Refuse a file marked read-only (also for root, who could write it anyway): someone meant it."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise OutputError(t("files.cannot-read", name=path.name, error=exc.strerror)) from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise OutputError(t("files.read-only", name=path.name))


def check_output(path: Path, *inputs: Path) -> None:
    """Refuse an output path that would hurt: missing folder, the input itself, a file open in Office."""
    try:
        _check_output(path, *inputs)
    except OSError as exc:     # a name too long for the file system, a folder that cannot be read…
        raise OutputError(t("files.bad-name", name=path.name, error=exc.strerror or exc)) from None


def _check_output(path: Path, *inputs: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(t("files.no-folder", folder=folder))
    for source in inputs:
        same = path.resolve() == source.resolve() or (
            source.exists() and path.exists() and os.path.samefile(source, path))
        if same:
            raise OutputError(t("files.same-as-input", name=path.name))
    if path.is_dir():
        raise OutputError(t("files.is-folder", path=path))
    if is_locked(path):
        raise OutputError(locked_message(path))
    if not os.access(folder, os.W_OK):
        raise OutputError(t("files.no-access", folder=folder))


def choose_output(path: Path, *inputs: Path, force: bool = False) -> Path:
    """Where to write `path`: itself when it is new, psvxl's own unchanged output or `force` says so;
    else the first free «name (2).ext» beside it, with a note for the user. Raises `OutputError`
    for what `check_output` refuses."""
    check_output(path, *inputs)
    if not os.path.lexists(path):
        return path
    if force:
        check_writable(path)       # read-only says "keep this", --force or not
        return path
    if written_by_psvxl(path) and _writable(path):
        return path
    for number in range(2, 1000):
        other = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not os.path.lexists(other) or (written_by_psvxl(other) and _writable(other)):
            check_output(other, *inputs)
            _notes.append(t("files.wrote-beside", name=path.name, other=other.name))
            return other
    raise OutputError(t("files.all-taken", name=path.name))


def take_notes() -> list[str]:
    """The notes gathered since the last call (and forget them)."""
    notes = _notes[:]
    _notes.clear()
    return notes


def state_folder() -> Path:
    import sys

    if os.environ.get("PSVXL_STATE_DIR"):
        return Path(os.environ["PSVXL_STATE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "psvxl" / "state"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "psvxl"
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "psvxl"


def _fingerprints() -> dict[str, str]:
    import json

    try:
        data = json.loads((state_folder() / "written.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _fingerprint(data: bytes) -> str:
    import hashlib

    return f"{len(data)}:{hashlib.sha256(data).hexdigest()}"


def written_by_psvxl(path: Path) -> bool:
    """Whether psvxl wrote `path` (on this machine, for this user) and it is unchanged since."""
    known = _fingerprints().get(os.path.realpath(path))
    if not known:
        return False
    try:
        if os.path.getsize(path) != int(known.split(":", 1)[0]) or not os.path.isfile(path):
            return False
        return _fingerprint(Path(path).read_bytes()) == known
    except (OSError, ValueError):
        return False


def remember_written(path: Path, data: bytes) -> None:
    """Note the fingerprint of what psvxl wrote to `path` (a state folder that cannot be written
    only means the file is not recognised later: the next run writes beside it)."""
    import json

    known = _fingerprints()
    key = os.path.realpath(path)
    known.pop(key, None)
    known[key] = _fingerprint(data)
    for old in list(known)[: max(len(known) - MAX_REMEMBERED, 0)]:
        del known[old]
    folder = state_folder()
    temporary = folder / f"written.json.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(known, ensure_ascii=False), "utf-8")
        os.replace(temporary, folder / "written.json")
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise


def atomic_write(path: Path, data: bytes, remember: bool = True) -> None:
    """Write via a temporary file in the same folder, then rename: readers never see half a file.
    A symbolic link stays a link: the file it points to is replaced. `remember` notes the output as
    psvxl's own, which a later run may replace while unchanged (not for a person's workbook)."""
    path = Path(os.path.realpath(path)) if os.path.islink(path) else path
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".psvxl-", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(t("files.cannot-write-folder", folder=folder, error=exc.strerror)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions of a file being replaced.
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        if remember:
            remember_written(path, data)
        _remove_stale_temporaries(folder)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(t("files.write-failed", name=path.name, error=exc.strerror)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


STALE_AFTER = 24 * 3600      # seconds: a temporary file this old was left by a run that was killed


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of runs killed outright (kill -9, power loss), which no handler could remove."""
    import time

    try:
        for leftover in folder.glob(".psvxl-*"):
            info = leftover.lstat()
            if time.time() - info.st_mtime > STALE_AFTER and stat.S_ISREG(info.st_mode) and (
                    not hasattr(os, "getuid") or info.st_uid == os.getuid()):
                leftover.unlink()
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
