<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: TEI P5 to Typst markup, compiled to PDF/A-3b by teitools.render.pdf. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/common.xsl"/>

  <xsl:include href="print-parameters.xsl"/>
  <xsl:include href="escape.xsl"/>
  <xsl:include href="language.xsl"/>
  <xsl:include href="document.xsl"/>
  <xsl:include href="title-page.xsl"/>
  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inline.xsl"/>
  <xsl:include href="drama.xsl"/>
  <xsl:include href="registers.xsl"/>
  <xsl:include href="index.xsl"/>
  <xsl:include href="unknown.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

</xsl:stylesheet>
