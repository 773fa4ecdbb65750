<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the corpus pages need of one document, made by the worker that renders it (the first
  pass of the build); teitools.render.html keeps it and xslt/html/corpus.xsl reads every
  document's summary (the second pass), so no step holds every document:

  <tt:document href="doc.xml" slug="doc" lang="vi" title="…">
    <tt:author>…</tt:author>…
    <tt:name key="registers/persons.xml#per-x" id="occ-3" kind="person" passage="passage-2"
             label="…" variants="… | …">as written</tt:name>…   names with @ref/@corresp in text (label and
                                                                  variants of the register entry, if found)
    <tt:date start="1950-07-15" end="1950-07-15" id="occ-5" lang="vi" label="15 July 1950" passage="…">as written</tt:date>…
    <tt:passage id="passage-2" lang="…">the reading text of a passage</tt:passage>…   (passages.xsl; for the search index)
  </tt:document>

  Every value is computed by the common layer's functions, as the document page computes it.
  Parameters: ../common/parameters.xsl ($registers for the entries' labels), and $slug.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:import href="../common/common.xsl"/>
  <xsl:output method="xml" omit-xml-declaration="yes" indent="no"/>

  <xsl:param name="slug" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tt:tei-of(.)" mode="tt:summary"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="tt:summary">
    <tt:document href="{$document-href}" slug="{$slug}" lang="{tt:language(.)}" title="{tt:title(.)}">
      <xsl:for-each select="tt:authors(.)"><tt:author>{.}</tt:author></xsl:for-each>
      <xsl:for-each select="tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[@ref or @corresp]">
        <xsl:variable name="entry" as="element()?" select="tt:entity-entry(.)"/>
        <tt:name key="{tt:entity-key(.)}" id="{tt:occurrence-id(.)}" kind="{tt:entity-kind(.)}">
          <xsl:call-template name="ttp:passage-attribute"/>
          <xsl:if test="$entry">
            <xsl:attribute name="label" select="tt:entry-label($entry)"/>
            <xsl:attribute name="variants" select="string-join(tt:entry-variants($entry), ' | ')"/>
          </xsl:if>
          <xsl:sequence select="normalize-space(.)"/>
        </tt:name>
      </xsl:for-each>
      <xsl:for-each select="tei:text//tei:date[tt:has-date-value(.)]">
        <tt:date start="{tt:date-start(.)}" end="{tt:date-end(.)}" id="{tt:occurrence-id(.)}" lang="{tt:language(.)}"
            label="{tt:format-date(.)}">
          <xsl:call-template name="ttp:passage-attribute"/>
          <xsl:sequence select="normalize-space(.)"/>
        </tt:date>
      </xsl:for-each>
      <xsl:for-each select="tt:passages(.)">
        <tt:passage id="{tt:passage-id(.)}">
          <xsl:if test="tt:language(.) ne tt:language(ancestor::tei:TEI[1])"><xsl:attribute name="lang" select="tt:language(.)"/></xsl:if>
          <xsl:sequence select="tt:passage-text(.)"/>
        </tt:passage>
      </xsl:for-each>
    </tt:document>
  </xsl:template>

  <xsl:template name="ttp:passage-attribute">
    <xsl:variable name="passage" as="element()?" select="tt:passage-of(.)"/>
    <xsl:if test="$passage"><xsl:attribute name="passage" select="tt:passage-id($passage)"/></xsl:if>
  </xsl:template>

</xsl:stylesheet>
