"""Writing output files safely: atomically, never over the input, never under an open Office lock."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from psvxl.errors import OutputError


def lock_file(path: Path) -> Path:
    """The owner file Excel and Word keep beside an open document ("~$" + name; Word shortens long names)."""
    return path.with_name("~$" + path.name)


def is_locked(path: Path) -> bool:
    if lock_file(path).exists():
        return True
    # Word replaces the first two characters of a long name: "~$port.docx" for "Report.docx".
    return len(path.stem) > 6 and path.with_name("~$" + path.name[2:]).exists()


def check_output(path: Path, *inputs: Path) -> None:
    """Refuse an output path that would hurt: missing folder, the input itself, a file open in Office."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"Mappen {folder} finnes ikke. Opprett den eller velg en annen plassering.")
    for source in inputs:
        same = path.resolve() == source.resolve() or (
            source.exists() and path.exists() and os.path.samefile(source, path))
        if same:
            raise OutputError(f"Utfilen {path.name} er den samme som innfilen. Velg et annet navn på utfilen.")
    if path.is_dir():
        raise OutputError(f"{path} er en mappe. Oppgi et filnavn.")
    if is_locked(path):
        raise OutputError(f"{path.name} er åpen i Excel eller Word (låsefilen {lock_file(path).name} finnes). Lukk filen og prøv igjen.")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"Har ikke skrivetilgang til mappen {folder}. Velg en annen plassering.")


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, then rename: readers never see half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".psvxl-", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"Kan ikke skrive i mappen {folder}: {exc.strerror}.") from None
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
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"Kunne ikke skrive {path.name}: {exc.strerror}. Er filen åpen i et annet program?") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
