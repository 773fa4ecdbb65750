"""Compile the self-contained, pure-ODD TEI customization into RELAX NG, XSD and Schematron.

The compiler reads one ``schemaSpec`` that declares everything it uses (``elementSpec``,
``classSpec type="atts"``, ``macroSpec``, ``dataSpec``, ``constraintSpec scheme="schematron"``)
and refuses anything that would need the TEI source (``moduleRef``, ``classRef``, ``mode="change"``…).

Modules, in the order data flows: :mod:`~teitools.odd.reader` (ODD → :mod:`~teitools.odd.model`,
with :mod:`~teitools.odd.constraints` for the Schematron), one emitter per schema language
(:mod:`~teitools.odd.relaxng`, :mod:`~teitools.odd.xsd`, :mod:`~teitools.odd.schematron`),
:mod:`~teitools.odd.derive` (all of them, written beside the ODD) and the command
(``python -m teitools.odd schema/teitools.odd [--out-dir DIR]``).
"""

from __future__ import annotations

from teitools.odd.derive import CompiledSchemas, compile_odd, derived_paths, iter_element_names, write_schemas
from teitools.odd.model import Customization, OddError
from teitools.odd.reader import read_customization
from teitools.odd.relaxng import compile_relaxng
from teitools.odd.schematron import compile_schematron, schematron_from_odd
from teitools.odd.xsd import compile_xml_namespace_xsd, compile_xsd

__all__ = [
    "CompiledSchemas",
    "Customization",
    "OddError",
    "compile_odd",
    "compile_relaxng",
    "compile_schematron",
    "compile_xml_namespace_xsd",
    "compile_xsd",
    "derived_paths",
    "iter_element_names",
    "read_customization",
    "schematron_from_odd",
    "write_schemas",
]
