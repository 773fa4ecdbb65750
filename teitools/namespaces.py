"""Every XML namespace teitools reads or writes, defined once.

Python modules import these names; the XSLT stylesheets declare the same URIs in their
own namespace declarations.
"""

from __future__ import annotations

#: TEI P5.
TEI_NS = "http://www.tei-c.org/ns/1.0"
#: The ``xml:`` prefix (xml:id, xml:lang…).
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: XInclude, which teitools never processes but reports.
XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
#: teitools' own markup (register bundles handed to the stylesheets).
TEITOOLS_NS = "urn:teitools"
#: The wrapper of several Dublin Core records (`teitools metadata`).
TEITOOLS_METADATA_NS = "urn:teitools:metadata"

#: RELAX NG (XML syntax) and its annotations.
RELAXNG_NS = "http://relaxng.org/ns/structure/1.0"
RELAXNG_ANNOTATIONS_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
#: W3C XML Schema, and its datatype library as RELAX NG names it.
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
#: ISO Schematron.
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
#: XSLT.
XSLT_NS = "http://www.w3.org/1999/XSL/Transform"
