<?xml version="1.0" encoding="UTF-8"?>
<!-- Blocks and headings of the plain-text edition (tt:make-block, tt:make-heading). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Chunk kind and indent per block role; roles not listed are plain paragraphs. -->
  <xsl:variable name="ttp:block-styles" as="map(xs:string, xs:string)" select="map {
      'verse-line': 'line 2', 'speaker': 'block 0', 'stage': 'block 4', 'item': 'item 2',
      'bibliography-entry': 'entry 0', 'quotation': 'block 4', 'citation-block': 'block 4',
      'epigraph': 'block 4', 'cast-item': 'cast 2', 'row': 'line 0', 'doc-title': 'heading1 0',
      'title-part': 'block 0', 'figure-title': 'block 4', 'figure-description': 'block 4', 'signed': 'block 4',
      'dateline': 'block 4', 'trailer': 'block 0'}"/>

  <!-- The chunk marker per block role, made once (tt:chunk-marker). -->
  <xsl:variable name="ttp:block-markers" as="map(xs:string, xs:string)"
      select="map:merge(map:for-each($ttp:block-styles, function($role, $style) {
                map {$role: tt:chunk-marker(tokenize($style)[1], xs:integer(tokenize($style)[2]))}}))"/>

  <xsl:variable name="ttp:default-block-marker" as="xs:string" select="tt:chunk-marker('block', 0)"/>

  <xsl:template name="tt:make-block">
    <xsl:param name="role" as="xs:string"/>
    <xsl:value-of select="($ttp:block-markers($role), $ttp:default-block-marker)[1]"/>
    <!-- a works-cited entry carries the number the text cites it by: "[1] …" for "[1, tr. 83]" -->
    <xsl:if test="$role = 'bibliography-entry' and normalize-space(@n)">[{normalize-space(@n)}] </xsl:if>
    <xsl:apply-templates/>
    <xsl:text>&#xE000;block&#xE001;0&#xE002;</xsl:text><!-- tt:end-chunk, written out: called for every block -->
  </xsl:template>

  <xsl:template name="tt:make-heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'heading' || $level"/></xsl:call-template>
    <xsl:apply-templates/>
    <xsl:call-template name="tt:end-chunk"/>
  </xsl:template>

  <xsl:template name="tt:make-unknown">
    <xsl:param name="block" as="xs:boolean"/>
    <xsl:if test="$block"><xsl:call-template name="tt:end-chunk"/></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$block"><xsl:call-template name="tt:end-chunk"/></xsl:if>
  </xsl:template>

  <!-- A table cell is part of its row's line. -->
  <xsl:template match="tei:cell">
    <xsl:apply-templates/>
    <xsl:if test="following-sibling::tei:cell"><xsl:text> | </xsl:text></xsl:if>
  </xsl:template>

</xsl:stylesheet>
