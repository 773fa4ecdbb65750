<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the print edition (the shared ones are in ../common/parameters.xsl). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!--
    $attachment-name  File name of the TEI source as it lies beside the Typst main file in
                      the compiler's private root directory; the PDF attaches it under this
                      name (PDF/A-3 associated file, relationship "source"). The empty
                      string attaches nothing.
  -->
  <xsl:param name="attachment-name" as="xs:string" select="''"/>

  <!--
    $library-name  File name of the Typst page design (xslt/print/edition.typ) as copied
                   beside the main file; the main file imports it.
  -->
  <xsl:param name="library-name" as="xs:string" select="'edition.typ'"/>

</xsl:stylesheet>
