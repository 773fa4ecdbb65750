"""What the corpus pass reads of each document, kept below ``<output>/.teitools-summaries/<format>/``.

Per unit (one document in one format): its summary (``<name>.xml``, what the corpus pages read)
and its index entries (``<name>.index-<n>``, one per text of the document: the words of the
HTML search index), as :class:`~teitools.render.base.RenderResult` gave them.  The build
stages them as the documents come back, and the corpus pass reads them from disk: the
summaries of this build from their staged files, those of documents that did not change
from the files of an earlier build (the manifest says where).  No process holds every
document's entries: the corpus index is merged from the files (:meth:`Renderer.corpus_index`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from teitools.build.manifest import SUMMARY_FOLDER, Manifest
from teitools.corpus import Corpus
from teitools.files import StagedFiles

__all__ = ["FreshRecords", "index_entries", "remove_departed", "remove_inside", "summaries"]


def _stem(unit: str) -> str:
    return f"{SUMMARY_FOLDER}/{unit.replace(':', '/', 1)}"


@dataclass
class FreshRecords:
    """This build's summaries and index entries, by unit: the staged files that hold them (paths, not texts)."""

    summaries: dict[str, Path] = field(default_factory=dict)
    index: dict[str, list[Path]] = field(default_factory=dict)

    def stage(self, staged: StagedFiles, output_dir: Path, unit: str, summary: str,
              index: Sequence[str]) -> tuple[str | None, list[str]]:
        """Stage ``unit``'s summary and index entries; their paths below ``output_dir`` (for the manifest)."""
        summary_path = None
        if summary:
            summary_path = f"{_stem(unit)}.xml"
            self.summaries[unit] = staged.write(output_dir / summary_path, summary.encode("utf-8"))
        index_paths = [f"{_stem(unit)}.index-{number}" for number in range(len(index))]
        self.index[unit] = [staged.write(output_dir / path, entry.encode("utf-8"))
                            for path, entry in zip(index_paths, index)]
        return summary_path, index_paths


def _kept(corpus: Corpus, format_name: str, manifest: Manifest,
          names: Collection[str] | None) -> Iterator[tuple[str, Mapping[str, object]]]:
    """Each edition's unit in ``format_name`` (of ``names``), in corpus order, with its manifest record."""
    for edition in corpus.editions:
        if names is None or edition.name in names:
            unit = f"{format_name}:{edition.name}"
            yield unit, manifest.units.get(unit) or {}


def summaries(corpus: Corpus, format_name: str, manifest: Manifest, fresh: FreshRecords, output_dir: Path,
              names: Collection[str] | None = None) -> Iterator[str]:
    """The summary of each edition (of ``names``) in ``format_name``, in corpus order: this build's, or the one kept."""
    for unit, record in _kept(corpus, format_name, manifest, names):
        path = fresh.summaries.get(unit)
        if path is None and record.get("summary"):
            path = _inside(output_dir, str(record["summary"]))
        if path is not None and path.is_file():
            yield path.read_text(encoding="utf-8")


def index_entries(corpus: Corpus, format_name: str, manifest: Manifest, fresh: FreshRecords, output_dir: Path,
                  names: Collection[str] | None = None) -> list[Path]:
    """The files of the index entries of each edition (of ``names``) in ``format_name``, in corpus order:
    this build's staged files, or the files kept.  Only paths: the corpus index reads them as it merges."""
    found: list[Path] = []
    for unit, record in _kept(corpus, format_name, manifest, names):
        if unit in fresh.index:
            found.extend(fresh.index[unit])
            continue
        kept = record.get("index")
        if isinstance(kept, list):
            found.extend(path for path in (_inside(output_dir, str(name)) for name in kept)
                         if path is not None and path.is_file())
    return found


def _inside(output_dir: Path, relative: str) -> Path | None:
    """The file the manifest names as ``relative``, if it lies inside ``output_dir`` (a manifest edited
    by hand cannot make the build read or delete anything else); else None."""
    target = output_dir / relative
    return target if output_dir.resolve() in target.resolve().parents else None


def remove_inside(staged: StagedFiles, output_dir: Path, relative: str) -> None:
    """Remove the file the manifest names as ``relative`` on commit, if it lies inside ``output_dir``."""
    target = _inside(output_dir, relative)
    if target is not None:
        staged.remove(target)


def remove_departed(corpus: Corpus, formats: Collection[str], manifest: Manifest, staged: StagedFiles,
                    output_dir: Path) -> list[str]:
    """Forget the units in ``formats`` of documents no longer in ``corpus`` and remove their summaries and
    index entries when ``staged`` is committed; the units forgotten."""
    present = {f"{format_name}:{name}" for format_name in formats
               for name in ("corpus", *(edition.name for edition in corpus.editions))}
    departed = [unit for unit in manifest.units if unit.split(":", 1)[0] in formats and unit not in present]
    for unit in departed:
        record = manifest.units[unit]
        kept = record.get("index")
        for path in [record.get("summary"), *(kept if isinstance(kept, list) else [])]:
            if path:
                remove_inside(staged, output_dir, str(path))
        manifest.forget(unit)
    return departed
