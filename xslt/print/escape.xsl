<?xml version="1.0" encoding="UTF-8"?>
<!--
  The one way document text reaches Typst. tp:escape writes every ASCII punctuation character
  as a Unicode escape (\u{23} for #), which Typst reads as that character and nothing else both
  in markup and inside a string literal; letters, digits, spaces and every other character are
  never syntax. So no character of a document can start code (#), maths ($), a label or
  reference (< > @), strong or emphasis (* _), raw text (`), a content block ([ ]), a heading,
  list or term (= - + / at the start of a line, "1."), a comment (// /*), a shorthand (~, two hyphens, ...
  and smart quotes), an escape (\) or a link (https://). tp:string and tp:content only say
  where the escaped text goes; neither escapes anything itself.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fn="http://www.w3.org/2005/xpath-functions"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all">

  <!-- Every ASCII punctuation character and its Typst escape. -->
  <xsl:variable name="tp:escapes" as="map(xs:string, xs:string)" select="map:merge(
      (33 to 47, 58 to 64, 91 to 96, 123 to 126) ! map {codepoints-to-string(.): '\u{' || tp:hex(.) || '}'})"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <xsl:function name="tp:hex" as="xs:string">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:sequence select="(if ($number ge 16) then tp:hex($number idiv 16) else '')
                          || substring('0123456789abcdef', $number mod 16 + 1, 1)"/>
  </xsl:function>

  <!--
    Text as Typst markup, or as the inside of a string literal: every run of white space
    (including the line and paragraph separators Typst also reads as line ends) becomes one
    space, so the text stays on one line and never ends a paragraph or starts a line;
    every ASCII punctuation character becomes its Unicode escape.
  -->
  <xsl:function name="tp:escape" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="one-line" as="xs:string" select="replace($text, '[\s&#x85;&#x2028;&#x2029;]+', ' ')"/>
    <xsl:sequence select="if (not(matches($one-line, '[!-/:-@\[-`{-~]'))) then $one-line
        else string-join(analyze-string($one-line, '[!-/:-@\[-`{-~]')/*
                         ! (if (self::fn:match) then $tp:escapes(string(.)) else string(.)))"/>
  </xsl:function>

  <!-- Text as a Typst string literal (for code arguments: metadata, keys, URLs, language codes). -->
  <xsl:function name="tp:string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'&quot;' || tp:escape(normalize-space($text)) || '&quot;'"/>
  </xsl:function>

  <!-- Text as a Typst content block: [escaped markup]. -->
  <xsl:function name="tp:content" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'[' || tp:escape(normalize-space($text)) || ']'"/>
  </xsl:function>

  <!-- A Typst array literal of the given items (already Typst expressions). -->
  <xsl:function name="tp:array" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="'(' || string-join($items, ', ') || (if (count($items) = 1) then ',' else '') || ')'"/>
  </xsl:function>

</xsl:stylesheet>
