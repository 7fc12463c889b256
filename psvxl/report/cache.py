"""A small cache of compiled template code in the user's cache folder, between runs.

What it holds is code a later run executes, so it is used only when the folder and each file
belong to the user and nobody else can write them; it is capped in size and the least recently
made entries go first. A cache that cannot be used is simply not used: everything is made anew.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any, Callable

MAX_CACHE_BYTES = 32 * 1024 * 1024    # the report and fact base templates take ~1 MB together
PRUNE_TO = 0.75                       # of the cap, when it is exceeded


def cache_folder() -> Path:
    if os.environ.get("PSVXL_CACHE_DIR"):
        return Path(os.environ["PSVXL_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "psvxl" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "psvxl"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "psvxl"


def trusted(path: Path) -> bool:
    """Whether `path` belongs to this user and no one else may write it (Windows: its folders are
    the user's own profile, which the file system guards)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            and not stat.S_ISLNK(info.st_mode))


def _usable_folder(kind: str) -> Path | None:
    """The folder for `kind`, made private when new; None when it is not safe to use."""
    root = cache_folder()
    folder = root / kind
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if trusted(root) and trusted(folder) else None


def cached(kind: str, key: str, make: Callable[[], bytes], load: Callable[[bytes], Any]) -> Any:
    """`load(bytes)` of what `make()` gave for this key (a hex digest), kept between runs."""
    folder = _usable_folder(kind)
    path = folder / key if folder is not None else None
    if path is not None and trusted(path):
        try:
            return load(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = make()
    if path is not None:
        _store(path, data)
    return load(data)


def _store(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        return
    prune(path.parent.parent)


def prune(root: Path, limit: int = MAX_CACHE_BYTES) -> None:
    """Delete the oldest entries while the cache holds more than `limit` bytes."""
    entries = []
    try:
        for folder in root.iterdir():
            for entry in folder.iterdir() if folder.is_dir() else ():
                info = entry.stat()
                entries.append((info.st_mtime, info.st_size, entry))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, entry in sorted(entries, key=lambda e: e[0]):
        try:
            entry.unlink()
        except OSError:
            continue
        total -= size
        if total <= limit * PRUNE_TO:
            return
