"""The command line takes its exit statuses, format names and layer names from where they are
defined (ExitStatus, the renderer registry, the validator's layers), not from copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import teitools.build
import teitools.validate
from teitools.cli import cli
from teitools.errors import ExitStatus

DOCUMENT = Path(__file__).parent / "fixtures" / "golden" / "drama.xml"


def test_build_formats_are_those_of_the_renderer_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(teitools.build, "available_formats", lambda: ("html", "txt"))
    result = CliRunner().invoke(cli, ["build", str(DOCUMENT), "-f", "pdf", "-o", str(tmp_path)])
    assert result.exit_code == ExitStatus.USAGE
    assert "choose from html, txt (comma-separated), not 'pdf'" in result.output
    assert "html,txt " in CliRunner().invoke(cli, ["build", "--help"]).output


def test_skip_accepts_exactly_the_validators_layers() -> None:
    help_text = " ".join(CliRunner().invoke(cli, ["validate", "--help"]).output.split())
    assert "[" + "|".join(teitools.validate.LAYERS) + "]" in help_text
    assert CliRunner().invoke(cli, ["validate", str(DOCUMENT), "--skip", "grammar"]).exit_code == ExitStatus.USAGE


@pytest.mark.parametrize(("raised", "status", "message"), [
    (KeyboardInterrupt(), ExitStatus.INTERRUPTED, "teitools: interrupted"),
    (RuntimeError("a bug"), ExitStatus.INTERNAL_ERROR, "teitools: internal error: RuntimeError: a bug"),
    (OSError(5, "Input/output error"), ExitStatus.INTERNAL_ERROR, "teitools: internal error: OSError"),
    (PermissionError(13, "Permission denied", "out/report.txt"), ExitStatus.USAGE,
     "teitools: error: cannot access out/report.txt: permission denied"),
    (OSError(28, "No space left on device"), ExitStatus.USAGE, "teitools: error: cannot write: no space left on device"),
])
def test_what_escapes_the_library_becomes_one_line_and_a_named_exit_status(
        monkeypatch: pytest.MonkeyPatch, raised: BaseException, status: ExitStatus, message: str) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(teitools.validate, "validate_documents", fail)
    result = CliRunner().invoke(cli, ["validate", str(DOCUMENT)])
    assert result.exit_code == status
    assert result.output.strip().splitlines()[0].startswith(message), result.output
    assert "Traceback" not in result.output
