"""teitools: validate TEI P5 documents and publish them as editions and deposit packages."""

from __future__ import annotations

__version__ = "0.1.0"
