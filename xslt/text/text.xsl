<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain-text edition: the common layer plus the text modules. Parameters: ../common/parameters.xsl. Lines are wrapped by the renderer (teitools/render/text.py). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="text-layout.xsl"/>
  <xsl:include href="text-blocks.xsl"/>
  <xsl:include href="text-inline.xsl"/>
  <xsl:include href="text-document.xsl"/>
</xsl:stylesheet>
