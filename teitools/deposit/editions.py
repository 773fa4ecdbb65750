"""The editions of every bag, built once: one build of all the documents to deposit (or an
up-to-date output folder reused), from which each bag copies its own files.

A bag of the whole corpus gets the corpus pages as built; a bag of one document gets corpus
pages of its own (index, registers, chronology) made from that document's summary, so that
no link of a bag leads out of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from teitools.build import EDITION_FORMATS, CorpusPages, available_renderers, build_editions
from teitools.build.manifest import Manifest, stylesheet_digest
from teitools.corpus import Corpus, CorpusDocument
from teitools.deposit.plan import BagPlan

if TYPE_CHECKING:
    from teitools.cluster import ClusterOptions


@dataclass
class BuiltEditions:
    """An output folder holding the editions of ``corpus`` in every format, and what could not be built."""

    folder: Path
    corpus: Corpus
    errors: dict[str, list[str]]  # corpus-relative name -> messages
    manifest: Manifest = field(init=False)
    _pages: CorpusPages | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.manifest = Manifest.read(self.folder)

    def _members(self, plan: BagPlan) -> list[CorpusDocument]:
        found = (self.corpus.member(document.path) for document in plan.documents)
        return [member for member in found if member is not None]

    def problems_of(self, plan: BagPlan) -> list[str]:
        """What went wrong building the editions of the plan's documents (and the corpus pages)."""
        names = [m.name for m in self._members(plan)] + ["corpus"]
        return [f"{name}: {message}" for name in names for message in self.errors.get(name, [])]

    def files_of(self, plan: BagPlan) -> Iterator[tuple[str, Path | bytes]]:
        """The bag's edition files, as (path below editions/, file to copy or bytes to write)."""
        members = self._members(plan)
        for format_name in EDITION_FORMATS:
            for member in members:
                for output in self._outputs(f"{format_name}:{member.name}"):
                    yield output, self.folder / output
        whole = {m.name for m in members} == {e.name for e in self.corpus.editions}
        if whole:
            for format_name in EDITION_FORMATS:
                for output in self._outputs(f"{format_name}:corpus"):
                    yield output, self.folder / output
            return
        if self._pages is None:
            self._pages = CorpusPages(self.corpus, self.folder)
        for page in self._pages.render({m.name for m in members}):
            yield page.relative_path, page.content

    def stylesheet_digests(self) -> dict[str, str]:
        """Per format, the digest of its stylesheets that the build's input digests include
        (:func:`teitools.build.manifest.stylesheet_digest`, over xslt/FORMAT/ and xslt/common/)."""
        renderers = available_renderers(formats=EDITION_FORMATS)
        return {name: stylesheet_digest(renderer.stylesheets, self.manifest.files)
                for name, renderer in renderers.items()}

    def _outputs(self, unit: str) -> list[str]:
        record = self.manifest.units.get(unit) or {}
        outputs = record.get("outputs", [])
        return [str(o) for o in outputs] if isinstance(outputs, list) else []


def build_editions_once(corpus: Corpus, folder: Path, xinclude: bool = False,
                        cluster: ClusterOptions | None = None) -> BuiltEditions:
    """Build (or bring up to date) the editions of ``corpus`` in ``folder``: one build for every bag
    (on the workers of ``cluster`` when one is given)."""
    report = build_editions(corpus, EDITION_FORMATS, folder, xinclude=xinclude, cluster=cluster)
    errors: dict[str, list[str]] = {}
    for finding in report.diagnostics:
        if finding.is_error:
            errors.setdefault(finding.file, []).append(finding.message)
    return BuiltEditions(folder, corpus, errors)
