<?xml version="1.0" encoding="UTF-8"?>
<!--
  Chunks of the plain text. Blocks are written as chunks marked with private-use characters:
  U+E000 KIND U+E001 INDENT U+E002 text … ; the text renderer (teitools/render/text.py, layout())
  turns the marked string into wrapped lines, with blank lines between blocks and underlined headings.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The marker that starts a chunk of $kind with $indent spaces. -->
  <xsl:function name="tt:chunk-marker" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="indent" as="xs:integer"/>
    <xsl:sequence select="'&#xE000;' || $kind || '&#xE001;' || $indent || '&#xE002;'"/>
  </xsl:function>

  <!-- Start a chunk of $kind with $indent spaces. -->
  <xsl:template name="tt:start-chunk">
    <xsl:param name="kind" as="xs:string" select="'block'"/>
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <xsl:value-of select="tt:chunk-marker($kind, $indent)"/>
  </xsl:template>

  <!-- End a chunk: what follows is a new plain block. -->
  <xsl:template name="tt:end-chunk">
    <xsl:text>&#xE000;block&#xE001;0&#xE002;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
