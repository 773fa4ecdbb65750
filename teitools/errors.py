"""Exception tree and exit statuses of teitools.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes shared by every subcommand."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


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
