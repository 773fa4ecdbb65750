<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline phrases of the plain-text edition: the reading text only, editorial marks in brackets. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Text nodes lose the private-use characters the layout uses as markers. -->
  <xsl:template match="text()">
    <xsl:value-of select="translate(., '&#xE000;&#xE001;&#xE002;', '')"/>
  </xsl:template>

  <xsl:template name="tt:make-inline">
    <xsl:param name="role" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$role = 'supplied'">[<xsl:apply-templates/>]</xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
    <xsl:text>[{$label}]</xsl:text>
  </xsl:template>

  <xsl:template name="tt:make-line-break">
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
