"""Options and fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The project document the deposit tests put in a bag.
DEPOSITED = Path(__file__).resolve().parent.parent / "tei" / "dong-xuan-1953-1954-va-dien-bien-phu.xml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/ from the current stylesheets instead of comparing with it "
             "(look at the diff before committing)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite the golden files (``--update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def deposited_bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bag of one project document (``DEPOSITED``), made once for every deposit test that only reads it
    (a test that changes a bag works on a copy)."""
    from teitools.deposit import deposit_documents
    from teitools.errors import ExitStatus

    out = tmp_path_factory.mktemp("deposit")
    report = deposit_documents([DEPOSITED], out / "bags", editions=out / "editions")
    assert report.exit_status is ExitStatus.OK, report.diagnostics
    assert [bag.name for bag in report.bags] == [DEPOSITED.stem]
    return report.bags[0].path
