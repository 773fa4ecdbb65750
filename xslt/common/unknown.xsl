<?xml version="1.0" encoding="UTF-8"?>
<!--
  Policy for elements no template knows: keep their text (process the children), and
  with $unknown-element-policy = 'warn' emit one xsl:message per element name:
  "unknown element NAME at PATH" (PATH from tt:path, first occurrence in the text).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="ttp:text-elements-by-name" match="tei:text//*" use="name()"/>

  <!-- An xi:include left unexpanded (a build without the xinclude option): a gap naming the file it would include. -->
  <xsl:template match="xi:include" xmlns:xi="http://www.w3.org/2001/XInclude">
    <xsl:call-template name="tt:make-gap">
      <xsl:with-param name="description" select="'not included: ' || normalize-space(@href)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="*" priority="-10">
    <xsl:call-template name="tt:report-unknown-element"/>
    <xsl:call-template name="tt:make-unknown">
      <xsl:with-param name="block" select="tt:has-block-content(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The warning, once per element name: only the first element of that name in the text reports. -->
  <xsl:template name="tt:report-unknown-element">
    <xsl:if test="$unknown-element-policy = 'warn'
                  and (not(ancestor::tei:text) or key('ttp:text-elements-by-name', name(), root(.))[1] is .)">
      <xsl:message>unknown element {name()} at {tt:path(.)}</xsl:message>
    </xsl:if>
  </xsl:template>

  <!-- A slash path of an element with positions among same-named siblings: "/TEI[1]/text[1]/body[1]/div[2]". -->
  <xsl:function name="tt:path" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="'/' || string-join(
        for $step in $element/ancestor-or-self::*
        return $step/name() || '[' || (count($step/preceding-sibling::*[node-name() eq node-name($step)]) + 1) || ']', '/')"/>
  </xsl:function>

</xsl:stylesheet>
