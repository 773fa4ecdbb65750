<?xml version="1.0" encoding="UTF-8"?>
<!--
  Which texts the stylesheets will sort, so that the Python side can make their collation keys
  (teitools.render.sorting, teitools.collation): for every entry of the input (a register, the
  $registers tree or a document with entries of its own), one line "LANGUAGE<TAB>TEXT", as
  tt:collation-key looks them up (tt:sort-text, tt:language). Distinct lines, in document order.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:variable name="entries" as="element()*" select="//*[@xml:id][tt:entry-kind(.) ne 'other']"/>
    <xsl:for-each select="distinct-values($entries ! (tt:language(.) || '&#9;' || tt:sort-text(.)))">
      <xsl:value-of select="."/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
