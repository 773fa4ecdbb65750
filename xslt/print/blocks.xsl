<?xml version="1.0" encoding="UTF-8"?>
<!-- Blocks and headings of the print edition as Typst markup (tt:make-block, tt:make-heading, tt:make-unknown). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The separator that ends a paragraph in Typst. -->
  <xsl:variable name="tp:break" as="xs:string" select="'&#10;&#10;'"/>

  <!-- The function of edition.typ that sets a block of each role; roles not listed are plain paragraphs or containers. -->
  <xsl:variable name="tp:block-functions" as="map(xs:string, xs:string)" select="map {
      'speaker': 'tt-speaker', 'stage': 'tt-stage', 'verse-line': 'tt-verse-line', 'line-group': 'tt-line-group',
      'quotation': 'tt-quote-block', 'citation-block': 'tt-quote-block', 'epigraph': 'tt-quote-block',
      'item': 'tt-list-item', 'cast-item': 'tt-list-item', 'bibliography-entry': 'tt-block',
      'dateline': 'tt-block', 'signed': 'tt-block', 'salute': 'tt-block', 'byline': 'tt-block',
      'figure': 'tt-block', 'figure-title': 'tt-figure-title', 'figure-description': 'tt-figure-description', 'trailer': 'tt-trailer',
      'doc-title': 'tt-centred', 'title-part': 'tt-centred', 'doc-author': 'tt-centred',
      'doc-imprint': 'tt-centred', 'doc-date': 'tt-centred'}"/>

  <xsl:template name="tt:make-block">
    <xsl:param name="role" as="xs:string"/>
    <xsl:variable name="function" as="xs:string?"
        select="if (parent::tei:titlePage) then 'tt-centred' else $tp:block-functions($role)"/>
    <xsl:choose>
      <xsl:when test="$role = 'table'">
        <xsl:call-template name="tp:table"/>
      </xsl:when>
      <xsl:when test="($role = 'row' and parent::tei:table) or ($role = 'cell' and parent::tei:row/parent::tei:table)">
        <xsl:call-template name="tp:table-part"><xsl:with-param name="role" select="$role"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="exists($function)">
        <xsl:value-of select="$tp:break"/>
        <xsl:text>#{$function}[</xsl:text>
        <xsl:if test="$role = 'item'">
          <xsl:for-each select="preceding-sibling::*[1][self::tei:label]">
            <xsl:text>#strong[</xsl:text>
            <xsl:apply-templates/>
            <xsl:text>] </xsl:text>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$role = 'bibliography-entry' and @n">{tp:escape('[' || normalize-space(@n) || ']')} </xsl:if>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
        <xsl:value-of select="$tp:break"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$tp:break"/>
        <xsl:apply-templates/>
        <xsl:value-of select="$tp:break"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The first head of a division: a Typst heading (in the contents and the PDF bookmarks).
    Its index markers and notes follow it (tt-heading-apparatus), so that the copies of the
    heading in the contents and the running heads carry neither. Any other head (of a list,
    a line group, a table, a second head): a bold block.
  -->
  <xsl:template name="tt:make-heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:value-of select="$tp:break"/>
    <xsl:choose>
      <xsl:when test="parent::*[matches(local-name(), '^div\d?$')] and empty(preceding-sibling::tei:head)">
        <xsl:text>#heading(level: {$level})[</xsl:text>
        <xsl:apply-templates>
          <xsl:with-param name="in-heading" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:text>]</xsl:text>
        <xsl:variable name="marks" as="xs:string*" select=".//*[@ref][not(ancestor::tei:note)] ! tp:index-marks(.)"/>
        <xsl:variable name="notes" as="element(tei:note)*" select=".//tei:note[not(ancestor::tei:note)]"/>
        <xsl:if test="exists($marks) or exists($notes)">
          <xsl:text>&#10;#tt-heading-apparatus[{string-join($marks)}</xsl:text>
          <xsl:apply-templates select="$notes"/>
          <xsl:text>]</xsl:text>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#tt-block(strong[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>])</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- An element nothing knows: its text, as a block of its own when it holds blocks. -->
  <xsl:template name="tt:make-unknown">
    <xsl:param name="block" as="xs:boolean"/>
    <xsl:if test="$block"><xsl:value-of select="$tp:break"/></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$block"><xsl:value-of select="$tp:break"/></xsl:if>
  </xsl:template>

  <!-- The columns a cell takes (@cols). -->
  <xsl:function name="tp:cell-span" as="xs:integer">
    <xsl:param name="cell" as="element()"/>
    <xsl:sequence select="if ($cell/@cols castable as xs:integer) then max((1, xs:integer($cell/@cols))) else 1"/>
  </xsl:function>

  <!-- A table: its heads, then a Typst table with as many columns as the widest row; then anything else it holds. -->
  <xsl:template name="tp:table">
    <xsl:variable name="columns" as="xs:integer" select="max((1, tei:row ! sum(tei:cell ! tp:cell-span(.))))"/>
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:text>#table(columns: {$columns}, </xsl:text>
    <xsl:for-each select="tei:row">
      <xsl:apply-templates select="."/>
      <xsl:for-each select="1 to $columns - xs:integer(sum(tei:cell ! tp:cell-span(.)))">
        <xsl:text>[], </xsl:text>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>)</xsl:text>
    <xsl:apply-templates select="* except (tei:head, tei:row)"/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- A row of a table is its cells; a cell is one argument of the table call. -->
  <xsl:template name="tp:table-part">
    <xsl:param name="role" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$role = 'row'">
        <xsl:apply-templates select="tei:cell"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="span" as="xs:integer" select="tp:cell-span(.)"/>
        <xsl:text>{if ($span gt 1) then 'table.cell(colspan: ' || $span || ')' else ''}[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>], </xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
