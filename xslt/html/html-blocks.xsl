<?xml version="1.0" encoding="UTF-8"?>
<!-- Blocks and headings of the HTML edition (tt:make-block, tt:make-heading, tt:make-unknown). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- HTML element per block role; roles not listed become div. -->
  <xsl:variable name="ttp:block-elements" as="map(xs:string, xs:string)" select="map {
      'paragraph': 'p', 'speaker': 'p', 'stage': 'p', 'item': 'li', 'bibliography-entry': 'li',
      'quotation': 'blockquote', 'citation-block': 'blockquote', 'division': 'section',
      'table': 'table', 'row': 'tr', 'cell': 'td', 'figure': 'figure', 'figure-title': 'p', 'figure-description': 'figcaption',
      'front': 'div', 'body': 'div', 'back': 'div', 'doc-title': 'p', 'title-part': 'p', 'doc-author': 'p',
      'trailer': 'p', 'dateline': 'p', 'signed': 'p', 'salute': 'p', 'byline': 'p', 'doc-date': 'p'}"/>

  <xsl:template name="tt:make-block">
    <xsl:param name="role" as="xs:string"/>
    <xsl:param name="tt:below-passage" as="xs:boolean" tunnel="yes" select="false()"/>
    <!-- asked once here, and not at all below a passage (tt:is-passage) -->
    <xsl:variable name="passage" as="xs:boolean" select="not($tt:below-passage) and not(self::tei:note) and tt:is-passage(.)"/>
    <xsl:variable name="wanted" as="xs:string" select="($ttp:block-elements($role), 'div')[1]"/>
    <xsl:variable name="element" as="xs:string"
        select="if ($wanted = 'p' and tt:has-block-content(.)) then 'div' else $wanted"/>
    <xsl:element name="{$element}">
      <xsl:attribute name="class" select="string-join(($role, @type ! ('type-' || .), @rend ! ('rend-' || replace(., '\W+', '-'))), ' ')"/>
      <xsl:call-template name="tt:html-attributes"><xsl:with-param name="passage" select="$passage"/></xsl:call-template>
      <xsl:if test="$role = 'division' and not(@xml:id)">
        <xsl:attribute name="id" select="tt:section-id(.)"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$role = 'list'">
          <xsl:apply-templates select="tei:head">
            <xsl:with-param name="tt:below-passage" tunnel="yes" select="$tt:below-passage or $passage"/>
          </xsl:apply-templates>
          <ul>
            <xsl:apply-templates select="node() except tei:head">
              <xsl:with-param name="tt:below-passage" tunnel="yes" select="$tt:below-passage or $passage"/>
            </xsl:apply-templates>
          </ul>
        </xsl:when>
        <xsl:when test="$role = 'table'">
          <tbody>
            <xsl:apply-templates select="tei:row">
              <xsl:with-param name="tt:below-passage" tunnel="yes" select="$tt:below-passage or $passage"/>
            </xsl:apply-templates>
          </tbody>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates>
            <xsl:with-param name="tt:below-passage" tunnel="yes" select="$tt:below-passage or $passage"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
    <!-- A line end after a block the source does not follow by white space: the page's text (copied, searched,
         read as text) keeps the words of two blocks apart. -->
    <xsl:if test="not(following-sibling::node()[1][self::text()][not(normalize-space())])"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <!-- A list item that is not an item (label, note…) is wrapped so that ul only holds li. -->
  <xsl:template match="(tei:list | tei:listBibl)/*[not(self::tei:item | self::tei:head | self::tei:bibl | self::tei:biblStruct)]" priority="3">
    <li class="list-other"><xsl:next-match/></li>
  </xsl:template>

  <xsl:template name="tt:make-heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:element name="h{min((6, $level + 1))}">
      <xsl:attribute name="class" select="'head'"/>
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
    <xsl:if test="not(following-sibling::node()[1][self::text()][not(normalize-space())])"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="tt:make-unknown">
    <xsl:param name="block" as="xs:boolean"/>
    <xsl:element name="{if ($block) then 'div' else 'span'}">
      <xsl:attribute name="class" select="'unknown tei-' || local-name()"/>
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- The id of a division without xml:id: "sec-2-1" (body), "front-1", "back-1", from its position among divisions
       (cached: the division and the table of contents ask for it). -->
  <xsl:function name="tt:section-id" as="xs:string" cache="yes">
    <xsl:param name="division" as="element()"/>
    <xsl:variable name="part" as="xs:string" select="($division/ancestor::*[self::tei:front or self::tei:back]/local-name(), 'sec')[1]"/>
    <xsl:sequence select="$part || '-' || string-join(
        for $d in $division/ancestor-or-self::*[matches(local-name(), '^div\d?$')]
        return string(count($d/preceding-sibling::*[matches(local-name(), '^div\d?$')]) + 1), '-')"/>
  </xsl:function>

  <!-- The plain text of a heading, without its notes. -->
  <xsl:function name="tt:heading-text" as="xs:string">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="tt:plain-text($head)"/>
  </xsl:function>

</xsl:stylesheet>
