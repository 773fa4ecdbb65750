"""Where teitools' own stylesheets and schemas are, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The directory ``xslt`` or ``schema`` that ships with teitools.

    In a source checkout (and an editable install) they are the top-level folders
    beside the package; a wheel installs them inside the package.
    """
    for candidate in (_PACKAGE.parent / name, _PACKAGE / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"teitools is installed without its {name}/ folder")


def stylesheet_path(*parts: str) -> Path:
    return resource_dir("xslt").joinpath(*parts)


def schema_path(*parts: str) -> Path:
    return resource_dir("schema").joinpath(*parts)
