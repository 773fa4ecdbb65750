<?xml version="1.0" encoding="UTF-8"?>
<!--
  Elements no other template knows: their text is kept (as running text, or as a block
  between blocks) and, under $unknown-element-policy = 'warn', the first of each name
  is reported with xsl:message "unknown element NAME at PATH".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="tp:elements-by-name" match="*" use="name()"/>

  <xsl:template match="*" priority="-10">
    <xsl:if test="$unknown-element-policy = 'warn' and . is key('tp:elements-by-name', name())[1]">
      <xsl:message select="'unknown element ' || name() || ' at ' || path(.)"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="tp:stands-alone(.) and exists(*)">
        <xsl:value-of select="$tp:break"/>
        <xsl:apply-templates/>
        <xsl:value-of select="$tp:break"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
