<?xml version="1.0" encoding="UTF-8"?>
<!--
  Print edition: the common layer plus the Typst modules; its Typst markup is compiled to
  PDF/A-3b by teitools.render.pdf with edition.typ beside it. Parameters:
  ../common/parameters.xsl and print-parameters.xsl.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="print-parameters.xsl"/>
  <xsl:include href="escape.xsl"/>
  <xsl:include href="language.xsl"/>
  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inline.xsl"/>
  <xsl:include href="media.xsl"/>
  <xsl:include href="index.xsl"/>
  <xsl:include href="title-page.xsl"/>
  <xsl:include href="document.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
</xsl:stylesheet>
