<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the corpus pages need of one document, made by the worker that renders it (the first
  pass of the build); teitools.render.html keeps it and xslt/html/corpus.xsl reads every
  document's summary (the second pass), so no step holds every document:

  <tt:document href="doc.xml" slug="doc" lang="vi" title="…">
    <tt:author>…</tt:author>…
    <tt:name key="registers/persons.xml#per-x" id="occ-3">as written</tt:name>…   names with @ref/@corresp in text
    <tt:date start="1950-07-15" end="1950-07-15" id="occ-5" lang="vi" label="15 July 1950">as written</tt:date>…
  </tt:document>

  Every value is computed by the common layer's functions, as the document page computes it.
  Parameters: ../common/parameters.xsl, and $slug.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:import href="../common/common.xsl"/>
  <xsl:output method="xml" omit-xml-declaration="yes" indent="no"/>

  <xsl:param name="slug" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI" mode="tt:summary"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="tt:summary">
    <tt:document href="{$document-href}" slug="{$slug}" lang="{tt:language(.)}" title="{tt:title(.)}">
      <xsl:for-each select="tt:authors(.)"><tt:author>{.}</tt:author></xsl:for-each>
      <xsl:for-each select="tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[@ref or @corresp]">
        <tt:name key="{tt:entity-key(.)}" id="{tt:occurrence-id(.)}">{tt:plain-text(.)}</tt:name>
      </xsl:for-each>
      <xsl:for-each select="tei:text//tei:date[tt:has-date-value(.)]">
        <tt:date start="{tt:date-start(.)}" end="{tt:date-end(.)}" id="{tt:occurrence-id(.)}" lang="{tt:language(.)}"
            label="{tt:format-date(.)}">{normalize-space(.)}</tt:date>
      </xsl:for-each>
    </tt:document>
  </xsl:template>

</xsl:stylesheet>
