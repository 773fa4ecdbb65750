"""The attributes the dates, references and hygiene layers read, found in one pass.

One XPath over the document collects every attribute whose name one of those layers
checks; each layer then reads its own names from the same index instead of walking the
tree again.  The values are lxml "smart strings": ``value.getparent()`` is the element
that carries the attribute, ``value.attrname`` its name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class AttributeValue(str):
    """What the index holds: a string with ``attrname`` and ``getparent()`` (lxml's type)."""

    attrname: str

    def getparent(self) -> etree._Element: ...  # pragma: no cover - typing only


@dataclass(frozen=True, slots=True)
class AttributeIndex:
    """Attribute values by name (``{ns}local`` for namespaced names), in document order."""

    by_name: dict[str, list[AttributeValue]] = field(default_factory=dict)

    def values(self, *names: str) -> list[AttributeValue]:
        """The values of all ``names``, in document order within each name."""
        if len(names) == 1:
            return self.by_name.get(names[0], [])
        return [value for name in names for value in self.by_name.get(name, [])]


class AttributeIndexer:
    """Builds :class:`AttributeIndex` records for a fixed set of attribute names."""

    def __init__(self, names: Iterable[str]) -> None:
        listed = " ".join(sorted({_written(name) for name in names}))
        self._xpath = etree.XPath(f"descendant-or-self::*/@*[contains(' {listed} ', concat(' ', name(), ' '))]")

    def index(self, root: etree._Element) -> AttributeIndex:
        by_name: dict[str, list[AttributeValue]] = {}
        for value in self._xpath(root):
            by_name.setdefault(value.attrname, []).append(value)
        return AttributeIndex(by_name)


def _written(name: str) -> str:
    """The name as XPath's name() gives it: ``xml:id`` for the XML namespace."""
    return "xml:" + name.split("}", 1)[1] if name.startswith("{http://www.w3.org/XML/1998/namespace}") else name
