<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML edition, one page per document: the common layer plus the HTML modules. Parameters: ../common/parameters.xsl, html-parameters.xsl. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="html-parameters.xsl"/>
  <xsl:include href="html-page.xsl"/>
  <xsl:include href="html-blocks.xsl"/>
  <xsl:include href="html-inline.xsl"/>
  <xsl:include href="html-entities.xsl"/>
  <xsl:include href="html-media.xsl"/>
  <xsl:include href="html-document.xsl"/>
</xsl:stylesheet>
