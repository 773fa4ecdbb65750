"""Exception tree and exit statuses of teitools.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import errno
import os
from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    """Process exit codes shared by every subcommand."""

    OK = 0
    #: invalid documents, failed builds, a bag that does not verify
    FINDINGS = 1
    #: bad usage, unusable input, or an environment that refuses (a full disk, no permission)
    USAGE = 2
    #: a bug in teitools (BSD sysexits' EX_SOFTWARE)
    INTERNAL_ERROR = 70
    #: stopped by Ctrl-C: 128 + SIGINT, as shells report it
    INTERRUPTED = 130
    #: the reader of standard output went away (``| head``): 128 + SIGPIPE, as shells report it
    OUTPUT_CLOSED = 141


class TeitoolsError(Exception):
    """Base class of every error teitools reports to a user."""

    exit_status: ExitStatus = ExitStatus.USAGE


class InputError(TeitoolsError):
    """An input cannot be used at all: missing, unreadable, not XML, hostile."""


class SchemaError(TeitoolsError):
    """A schema given to teitools cannot be loaded or compiled."""


class TransformError(TeitoolsError):
    """An XSLT transformation failed."""


class BuildError(TeitoolsError):
    """An edition could not be built."""

    exit_status = ExitStatus.FINDINGS


class OutputError(TeitoolsError):
    """An output cannot be written because of its environment: no space left, no permission,
    a read-only file system.  Not a bug of teitools, and nothing the input can fix."""


#: ``errno`` values that only a write meets: the disk is full, the quota used up, the file
#: system read-only, the file too large.
FULL_OR_READ_ONLY_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})
#: ``errno`` values that mean "the environment refuses this write" rather than a bug.
REFUSED_WRITE_ERRNOS = FULL_OR_READ_ONLY_ERRNOS | {errno.EACCES, errno.EPERM}


def refused_write(error: OSError, path: Path | str | None = None) -> OutputError | None:
    """The :class:`OutputError` to report for ``error`` met while writing ``path``, or None when
    ``error`` is not one of the refusals of :data:`REFUSED_WRITE_ERRNOS`.

    Without ``path`` the file the error names is reported (the destination of a copy or a
    rename); a permission error there may come from reading, so it is not called a write.
    """
    if error.errno not in REFUSED_WRITE_ERRNOS:
        return None
    where = path if path is not None else (error.filename2 or error.filename)
    reason = os.strerror(error.errno)
    reason = reason[:1].lower() + reason[1:]
    if path is None and error.errno not in FULL_OR_READ_ONLY_ERRNOS:
        return OutputError(f"cannot access {where}: {reason}" if where else reason)
    return OutputError(f"cannot write {where}: {reason}" if where else f"cannot write: {reason}")
