"""The one record every validation layer and build step reports findings with."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding at ``file:line:column``.

    ``layer`` names the validation layer or build stage that found it
    (``wellformed``, ``relaxng``, ``xsd``, ``schematron``, ``references``, ``dates``,
    ``hygiene``, ``build``…); ``rule`` is a stable identifier of what was broken;
    ``hint`` says what to do about it.  ``line`` and ``column`` are 1-based;
    0 means the position is unknown (the whole file).
    """

    file: str
    line: int
    column: int
    severity: Severity
    layer: str
    rule: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["severity"] = self.severity.value
        return record

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.layer, self.rule)


def error(file: str, line: int, column: int, layer: str, rule: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, layer, rule, message, hint)


def warning(file: str, line: int, column: int, layer: str, rule: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, layer, rule, message, hint)
