<?xml version="1.0" encoding="UTF-8"?>
<!--
  HTML edition, corpus pages (index, register pages, chronology, search). The source is the documents'
  summaries (summary.xsl) under one element, <tt:corpus><tt:document …>…</tt:document>…</tt:corpus>,
  put together by teitools.render.html; $page chooses the page. Parameters: ../common/parameters.xsl, html-parameters.xsl.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="html-parameters.xsl"/>
  <xsl:include href="html-page.xsl"/>
  <xsl:include href="html-blocks.xsl"/>
  <xsl:include href="html-inline.xsl"/>
  <xsl:include href="html-entities.xsl"/>
  <xsl:include href="html-media.xsl"/>
  <xsl:include href="html-corpus.xsl"/>
  <xsl:include href="html-search.xsl"/>
</xsl:stylesheet>
