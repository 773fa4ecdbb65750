<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus (footnotes), formulae (their text), images and embedded data of the print edition, as Typst markup. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The lemma in the text, its variants with their witnesses in a footnote (in a note: in parentheses; in a heading: the lemma only). -->
  <xsl:template name="tt:make-apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="in-note" as="xs:boolean" select="exists(ancestor::tei:note)"/>
    <xsl:apply-templates select="$lemma/node()"/>
    <xsl:if test="exists($readings) and not($in-heading)">
      <xsl:choose>
        <xsl:when test="$in-note"><xsl:text> {tp:escape('(')}</xsl:text></xsl:when>
        <xsl:otherwise>
          <xsl:text>#footnote[</xsl:text>
          <xsl:apply-templates select="$lemma/node()"/>
          <xsl:text>{tt:witness-label($lemma)[. ne ''] ! tp:escape(' ' || .)}{tp:escape(']')} </xsl:text>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$readings">
        <xsl:if test="position() gt 1">{tp:escape('; ')}</xsl:if>
        <xsl:apply-templates/>
        <xsl:if test="empty(node())">#emph[om.]</xsl:if>
        <xsl:text>{tt:witness-label(.)[. ne ''] ! (' #emph[' || tp:escape(.) || ']')}</xsl:text>
      </xsl:for-each>
      <xsl:text>{if ($in-note) then tp:escape(')') else ']'}</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- A formula as text (the print edition does not typeset MathML); TeX as written, in monospace. -->
  <xsl:template name="tt:make-formula">
    <xsl:param name="notation" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$notation = 'tex'">#raw({tp:string(string(.))})</xsl:when>
      <xsl:otherwise>{tp:escape(tt:formula-text(.))}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An image beside the document is placed (copied into the compiler's root by teitools.render.images); else a placeholder. -->
  <xsl:template name="tt:make-graphic">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="local" as="xs:boolean"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$local and matches(tt:local-image-name($url), '\.(png|jpe?g|gif)$')">
        <xsl:text>#tt-image({tp:string(tt:local-image-name($url))}, alt: {tp:string($description)})</xsl:text>
      </xsl:when>
      <xsl:otherwise>#tt-image-placeholder({tp:content($url)})</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:make-binary-object">
    <xsl:param name="mime-type" as="xs:string"/>
    <xsl:text>#tt-image-placeholder({tp:content('embedded ' || $mime-type)})</xsl:text>
  </xsl:template>

</xsl:stylesheet>
