"""Write files so that a reader never sees a half-written one.

Files are created with mode 0666 and folders with 0777, both less the process umask, as
any build tool does (0644 and 0755 under the usual umask 022): a web server or a
colleague can read what teitools writes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from teitools.errors import refused_write

_FILE_MODE = 0o666  # less the umask, applied by the kernel when the file is created


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Report a write the environment refuses (no space, no permission, read-only) as an
    :class:`~teitools.errors.OutputError` naming ``target``; other errors go on unchanged."""
    try:
        yield
    except OSError as exc:
        refusal = refused_write(exc, target)
        if refusal is None:
            raise
        raise refusal from exc


def write_atomically(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file in the same folder.

    The temporary file is flushed to disk and then renamed over ``target``, so an
    interrupted or failed write leaves the previous file intact and no partial file.
    """
    with _writing(target):
        temporary = _write_temporary(target, content)
        try:
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def _write_temporary(target: Path, content: bytes) -> Path:
    """A hidden temporary file beside ``target`` holding ``content``, flushed to disk.

    On any failure the temporary file is removed before the error goes on.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.part"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), _FILE_MODE)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


class StagedFiles:
    """Files written now and put in place together later: a build that fails before
    :meth:`commit` leaves every target as it was, and no temporary file behind.

    Each file is written to a temporary file in its target's folder (flushed to disk),
    so nothing is held in memory, and :meth:`commit` renames them all into place (and
    removes the files :meth:`remove` named).
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._removed: list[Path] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    def write(self, target: Path, content: bytes) -> Path:
        """Stage ``content`` for ``target``; the temporary file that holds it until :meth:`commit` is returned."""
        with _writing(target):
            self._staged.append((_write_temporary(target, content), target))
        return self._staged[-1][0]

    def remove(self, target: Path) -> None:
        """Remove ``target`` (if it exists) on :meth:`commit`."""
        self._removed.append(target)

    def commit(self) -> None:
        """Rename every staged file into place (each rename is atomic), then remove the files to remove."""
        while self._staged:
            temporary, target = self._staged.pop(0)
            with _writing(target):
                try:
                    os.replace(temporary, target)
                except BaseException:
                    temporary.unlink(missing_ok=True)
                    raise
        while self._removed:
            target = self._removed.pop(0)
            with _writing(target):
                target.unlink(missing_ok=True)

    def discard(self) -> None:
        self._removed.clear()
        while self._staged:
            temporary, _ = self._staged.pop()
            temporary.unlink(missing_ok=True)


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    """The hex digest of a file's bytes, read in blocks (``algorithm``: a hashlib name, e.g. sha512)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, algorithm).hexdigest()
