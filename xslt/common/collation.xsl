<?xml version="1.0" encoding="UTF-8"?>
<!--
  The order of every sorted list (register pages, the print index, the ePub's registers, ties in
  the chronology).

  Sort with  <xsl:sort select="tt:sort-key(.)"/>  (or tt:collation-key($text, $language)) and
  the default codepoint collation. The keys are the Unicode Collation Algorithm's, made by ICU
  with the tailoring of the text's language (teitools.collation), and handed over in the
  parameters $register-sort-keys and $sort-keys (see parameters.xsl): the Python side asks
  xslt/common/sort-texts.xsl which texts will be sorted (tt:sort-text of every entry), makes
  their keys, and the functions here only look them up.

  A register entry may give @sortKey (TEI att.sortable): it is sorted under that key while its
  label is shown as written ("sông Cầu" with sortKey="Cầu" under C).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all">

  <!-- What an entry (or any element of a sorted list) is sorted under: its @sortKey, else its label. -->
  <xsl:function name="tt:sort-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="given" as="xs:string?"
        select="($element/@sortKey, $element/*[@sortKey][not(@type = 'variant')]/@sortKey)[1]"/>
    <xsl:sequence select="(normalize-space($given)[. ne ''], tt:entry-label($element))[1]"/>
  </xsl:function>

  <!-- The key of a register entry or of any element: the key of its sort text in its language. -->
  <xsl:function name="tt:sort-key" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="tt:collation-key(tt:sort-text($element), tt:language($element))"/>
  </xsl:function>

  <!-- A string whose codepoint order is the collation order of $text in $language. A text the Python
       side was not asked about (none is, in a build) sorts after every key, by code point. -->
  <xsl:function name="tt:collation-key" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:variable name="name" as="xs:string" select="$language || '&#9;' || normalize-space($text)"/>
    <xsl:sequence select="($register-sort-keys($name), $sort-keys($name), '~' || normalize-space($text))[1]"/>
  </xsl:function>

</xsl:stylesheet>
