<?xml version="1.0" encoding="UTF-8"?>
<!--
  ePub 3 edition, one book per text: the common layer, the HTML format's block, inline and entity
  modules (ePub content documents are XHTML), and the modules particular to an ePub. The result is
  one tt:book element holding every file of the book (epub-book.xsl); teitools/render/epub.py
  writes them into the zip container. Parameters: ../common/parameters.xsl,
  ../html/html-parameters.xsl, epub-parameters.xsl.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common/common.xsl"/>
  <xsl:import href="../html/html-parameters.xsl"/>
  <xsl:import href="../html/html-page.xsl"/>
  <xsl:import href="../html/html-blocks.xsl"/>
  <xsl:import href="../html/html-inline.xsl"/>
  <xsl:import href="../html/html-entities.xsl"/>
  <xsl:import href="../html/html-media.xsl"/>
  <xsl:include href="epub-parameters.xsl"/>
  <xsl:include href="epub-book.xsl"/>
  <xsl:include href="epub-package.xsl"/>
  <xsl:include href="epub-navigation.xsl"/>
  <xsl:include href="epub-content.xsl"/>
  <xsl:include href="epub-registers.xsl"/>
  <xsl:include href="epub-repair.xsl"/>
</xsl:stylesheet>
