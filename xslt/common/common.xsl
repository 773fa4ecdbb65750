<?xml version="1.0" encoding="UTF-8"?>
<!--
  teitools common layer: what every format imports (xsl:import href="../common/common.xsl").
  It decides what each TEI element is and calls the tt:make-* templates of interface.xsl,
  which each format overrides. Public functions and templates are in the tt: namespace
  (urn:teitools), private ones in ttp: (urn:teitools:private). Parameters: parameters.xsl.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="parameters.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="pointers.xsl"/>
  <xsl:include href="registers.xsl"/>
  <xsl:include href="collation.xsl"/>
  <xsl:include href="values.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="transcription.xsl"/>
  <xsl:include href="media.xsl"/>
  <xsl:include href="passages.xsl"/>
  <xsl:include href="interface.xsl"/>
  <xsl:include href="core.xsl"/>
  <xsl:include href="unknown.xsl"/>
</xsl:stylesheet>
