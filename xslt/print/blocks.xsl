<?xml version="1.0" encoding="UTF-8"?>
<!-- Block structure of the text: divisions, headings, paragraphs, lists, tables, quotations, front and back matter. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The separator that ends a paragraph in Typst. -->
  <xsl:variable name="tp:break" as="xs:string" select="'&#10;&#10;'"/>

  <!-- Whether an element stands between blocks (its parent has no text of its own). -->
  <xsl:function name="tp:stands-alone" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="empty($element/../text()[normalize-space()])
        and empty($element/parent::*[self::tei:p or self::tei:ab or self::tei:l or self::tei:head or self::tei:hi
            or self::tei:seg or self::tei:q or self::tei:speaker or self::tei:label or self::tei:title or self::tei:emph])"/>
  </xsl:function>

  <!-- Containers: their children in order. -->
  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group | tei:floatingText
                       | tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7
                       | tei:argument | tei:opener | tei:closer | tei:postscript | tei:listBibl | tei:sourceDoc | tei:facsimile">
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- The level of a division heading: how many divisions enclose it. -->
  <xsl:function name="tp:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2
        or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7])))"/>
  </xsl:function>

  <!--
    The first head of a division: a Typst heading (in the contents and the PDF bookmarks).
    Its index markers and notes follow it, so that the copies of the heading in the
    contents and the running heads carry neither.
  -->
  <xsl:template match="tei:head[parent::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
                       or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7]][1]">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#heading(level: {tp:heading-level(.)})[</xsl:text>
    <xsl:apply-templates>
      <xsl:with-param name="in-heading" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:text>]</xsl:text>
    <xsl:variable name="marks" as="xs:string*" select="(.//*[tp:is-name(.)][not(ancestor::tei:note)] ! tp:marks(.))[. != '']"/>
    <xsl:variable name="notes" as="element(tei:note)*" select=".//tei:note[not(ancestor::tei:note)]"/>
    <xsl:if test="exists($marks) or exists($notes)">
      <xsl:text>&#10;#tt-heading-apparatus[{string-join($marks, '')}</xsl:text>
      <xsl:apply-templates select="$notes"/>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- Any other head (of a list, a line group, a cast list, a figure, a second head): a bold block. -->
  <xsl:template match="tei:head">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block(strong[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>])</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- Self-contained blocks: dateline, signature, salutation, byline, trailer. -->
  <xsl:template match="tei:dateline | tei:signed | tei:salute | tei:byline | tei:docEdition | tei:imprimatur">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:trailer">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block(align(center, emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]))</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- A quotation or epigraph between blocks is set off; inside a sentence it stays inline. -->
  <xsl:template match="tei:quote[tp:stands-alone(.)] | tei:epigraph | tei:cit[tp:stands-alone(.)] | tei:sp/tei:quote">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-quote-block[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:text>&#10;#tt-list-item[</xsl:text>
    <xsl:apply-templates select="preceding-sibling::*[1][self::tei:label]" mode="tp:item-label"/>
    <xsl:apply-templates/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:list/tei:label[following-sibling::*[1][self::tei:item]]"/>

  <xsl:template match="tei:label" mode="tp:item-label">
    <xsl:text>#strong[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>] </xsl:text>
  </xsl:template>

  <xsl:template match="tei:label">
    <xsl:text>#strong[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>] </xsl:text>
  </xsl:template>

  <!-- Tables: as many columns as the widest row (counting @cols). -->
  <xsl:template match="tei:table">
    <xsl:variable name="columns" as="xs:integer"
        select="max((1, tei:row ! sum(tei:cell ! (if (@cols castable as xs:integer) then max((1, xs:integer(@cols))) else 1))))"/>
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:text>#table(columns: {$columns}, </xsl:text>
    <xsl:for-each select="tei:row">
      <xsl:variable name="used" as="xs:integer"
          select="xs:integer(sum(tei:cell ! (if (@cols castable as xs:integer) then max((1, xs:integer(@cols))) else 1)))"/>
      <xsl:apply-templates select="tei:cell"/>
      <xsl:for-each select="1 to $columns - $used">
        <xsl:text>[], </xsl:text>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>)</xsl:text>
    <xsl:apply-templates select="* except (tei:head, tei:row)"/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:variable name="span" as="xs:integer" select="if (@cols castable as xs:integer) then max((1, xs:integer(@cols))) else 1"/>
    <xsl:text>{if ($span gt 1) then 'table.cell(colspan: ' || $span || ')' else ''}[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>], </xsl:text>
  </xsl:template>

  <!-- Figures: their heading and description (the image itself is not in the source). -->
  <xsl:template match="tei:figure">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:figDesc">
    <xsl:text>#emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>] </xsl:text>
  </xsl:template>

  <xsl:template match="tei:graphic | tei:media | tei:binaryObject | tei:surface | tei:zone"/>

  <!-- Works cited: one block per entry, its number first. -->
  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block[</xsl:text>
    <xsl:if test="@n">{tp:markup('[' || normalize-space(@n) || ']')} </xsl:if>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <!-- The title page of a printed source (front/titlePage): centred blocks. -->
  <xsl:template match="tei:titlePage">
    <xsl:value-of select="$tp:break"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

  <xsl:template match="tei:titlePage/* | tei:docTitle/tei:titlePart">
    <xsl:value-of select="$tp:break"/>
    <xsl:text>#tt-block(align(center)[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>])</xsl:text>
    <xsl:value-of select="$tp:break"/>
  </xsl:template>

</xsl:stylesheet>
