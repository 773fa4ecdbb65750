<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole plain-text edition: title block, text, notes, as marked chunks (see text-layout.xsl). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The renderer lays the chunks out and normalises the result to NFC. -->
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:call-template name="tt:title-block"/>
    <xsl:apply-templates select="tt:tei-of(.)/tei:text"/>
    <xsl:call-template name="tt:notes-section"/>
    <xsl:call-template name="tt:apparatus-section"/>
  </xsl:template>

  <xsl:template name="tt:title-block">
    <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'heading0'"/></xsl:call-template>
    <xsl:value-of select="tt:title(.)"/>
    <xsl:for-each select="tt:metadata(.)[@name = ('title', 'collection', 'author', 'editor', 'publisher', 'date', 'source', 'licence')]">
      <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'field'"/></xsl:call-template>
      <xsl:text>{@label}: {.}</xsl:text>
    </xsl:for-each>
    <xsl:call-template name="tt:end-chunk"/>
  </xsl:template>

  <xsl:template name="tt:notes-section">
    <xsl:variable name="notes" as="element(tei:note)*" select="tt:notes(.)"/>
    <xsl:if test="exists($notes)">
      <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'heading1'"/></xsl:call-template>
      <xsl:text>Notes</xsl:text>
      <xsl:for-each select="$notes">
        <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'note'"/></xsl:call-template>
        <xsl:text>[{tt:note-label(.)}] </xsl:text>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:call-template name="tt:end-chunk"/>
    </xsl:if>
  </xsl:template>

  <!-- The apparatus: "[a] lemma] variant (witnesses); variant (witnesses)" per entry that has variants. -->
  <xsl:template name="tt:apparatus-section">
    <xsl:variable name="entries" as="element(tei:app)*" select="tt:apparatus-entries(.)[exists(tt:apparatus-readings(.))]"/>
    <xsl:if test="exists($entries)">
      <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'heading1'"/></xsl:call-template>
      <xsl:text>Apparatus</xsl:text>
      <xsl:for-each select="$entries">
        <xsl:call-template name="tt:start-chunk"><xsl:with-param name="kind" select="'note'"/></xsl:call-template>
        <xsl:text>[{tt:apparatus-label(.)}] </xsl:text>
        <xsl:apply-templates select="tt:apparatus-lemma(.)/node()"/>
        <xsl:text>{tt:apparatus-lemma(.)/tt:witness-label(.)[. ne ''] ! (' (' || . || ')')}] </xsl:text>
        <xsl:for-each select="tt:apparatus-readings(.)">
          <xsl:if test="position() gt 1">; </xsl:if>
          <xsl:apply-templates/>
          <xsl:if test="empty(node())">om.</xsl:if>
          <xsl:text>{tt:witness-label(.)[. ne ''] ! (' (' || . || ')')}</xsl:text>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:call-template name="tt:end-chunk"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
