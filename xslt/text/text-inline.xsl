<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline phrases of the plain-text edition: the reading text only, editorial marks in brackets. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!--
    Text nodes lose the private-use characters the layout uses as markers. Only a document
    that contains them at all needs the rule (one search over its text, not one per text node;
    contains(), not a regular expression, which costs more than the search);
    otherwise the built-in rule copies the text.
  -->
  <xsl:variable name="ttp:source-has-markers" as="xs:boolean"
      select="empty(/) or (let $text := string(/)
                           return some $marker in ('&#xE000;', '&#xE001;', '&#xE002;') satisfies contains($text, $marker))"/>

  <xsl:template match="text()[$ttp:source-has-markers or not(root(.) is /)]">
    <xsl:value-of select="translate(., '&#xE000;&#xE001;&#xE002;', '')"/>
  </xsl:template>

  <xsl:template name="tt:make-inline">
    <xsl:param name="role" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$role = 'supplied'">[<xsl:apply-templates/>]</xsl:when>
      <xsl:when test="$role = ('nested-note', 'annotation')"> (<xsl:apply-templates/>)</xsl:when>
      <!-- The reading text: what the writer deleted is not read. -->
      <xsl:when test="$role = 'deletion'"/>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
    <xsl:text>[{$label}]</xsl:text>
  </xsl:template>

  <xsl:template name="tt:make-line-break">
    <xsl:param name="in-word" as="xs:boolean"/>
    <xsl:if test="not($in-word)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- The lemma in the text (or a note), its label after it; the variants are listed at the end (tt:apparatus-section). -->
  <xsl:template name="tt:make-apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:apply-templates select="$lemma/node()"/>
    <xsl:if test="exists($readings)">[{$label}]</xsl:if>
  </xsl:template>

  <xsl:template name="tt:make-gap">
    <xsl:param name="description" as="xs:string"/>
    <xsl:text>[…{$description ! (' ' || .)}]</xsl:text>
  </xsl:template>

  <xsl:template name="tt:make-graphic">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="local" as="xs:boolean"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:text>[Image: {$url}]</xsl:text>
  </xsl:template>

</xsl:stylesheet>
