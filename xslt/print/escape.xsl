<?xml version="1.0" encoding="UTF-8"?>
<!-- Turning document text into Typst markup and Typst string literals that can never be code. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all">

  <!--
    Text as Typst markup: white space collapsed to one space (a blank line would start a
    paragraph) and every ASCII punctuation character escaped with a backslash, so that no
    character can start code (#), maths ($), markup (* _ ` = - + / ~ < > @ [ ] \), a comment
    (two slashes, slash-star), a shorthand (quotes, three dots, two hyphens) or a link (https://).
  -->
  <xsl:function name="tp:markup" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="replace(replace($text, '\s+', ' '), '([!-/:-@\[-`{-~])', '\\$1')"/>
  </xsl:function>

  <!-- Text as a Typst string literal (for code arguments: metadata, keys, URLs). -->
  <xsl:function name="tp:string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="escaped" as="xs:string"
        select="replace(replace(normalize-space($text), '\\', '\\\\'), '&quot;', '\\&quot;')"/>
    <xsl:sequence select="'&quot;' || $escaped || '&quot;'"/>
  </xsl:function>

  <!-- Text as a Typst content block: [escaped markup]. -->
  <xsl:function name="tp:content" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'[' || tp:markup(normalize-space($text)) || ']'"/>
  </xsl:function>

  <!-- A Typst array literal of the given items (already Typst expressions). -->
  <xsl:function name="tp:array" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="'(' || string-join($items, ', ') || (if (count($items) = 1) then ',' else '') || ')'"/>
  </xsl:function>

</xsl:stylesheet>
