<?xml version="1.0" encoding="UTF-8"?>
<!-- Drama and verse: speeches, speakers, stage directions, verse lines, cast lists. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="tei:sp | tei:spGrp | tei:castList | tei:castGroup">
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-speaker[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- Stage directions: a block between speeches and lines, italic inside them. -->
  <xsl:template match="tei:stage | tei:move | tei:view | tei:camera | tei:sound | tei:caption | tei:tech | tei:set">
    <xsl:choose>
      <xsl:when test="tp:stands-alone(.)">
        <xsl:value-of select="$tp:break"/>
        <xsl:text>#tt-stage[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
        <xsl:value-of select="$tp:break"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#tt-stage-inline[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lg">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-line-group[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:l">
    <xsl:text>&#10;#tt-verse-line[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- Cast list entries: one line each, role then its description and actor. -->
  <xsl:template match="tei:castItem">
    <xsl:text>&#10;#tt-list-item[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:castGroup/tei:roleDesc | tei:castList/tei:roleDesc">
    <xsl:text>&#10;#tt-list-item(emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>])&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:role | tei:actor | tei:roleDesc">
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
