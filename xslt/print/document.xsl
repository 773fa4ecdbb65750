<?xml version="1.0" encoding="UTF-8"?>
<!-- The Typst main file: import of the page design, PDF metadata, title page, contents, the text (through common), index. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/">
    <xsl:apply-templates select="tt:tei-of(.)" mode="tp:document"/>
  </xsl:template>

  <!-- A corpus as a whole (teitools renders each of its texts on its own, with $text-number):
       each of its texts in turn, nested corpora included, under one title page (the corpus header). -->
  <xsl:template match="tei:teiCorpus" mode="tp:document">
    <xsl:call-template name="tp:preamble"/>
    <xsl:apply-templates select=".//tei:TEI/tei:text"/>
    <xsl:call-template name="tp:index"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="tp:document">
    <xsl:call-template name="tp:preamble"/>
    <xsl:apply-templates select="."/>
    <xsl:call-template name="tp:index"/>
  </xsl:template>

  <!-- A root that is not TEI: its text, kept, under the common unknown-element rule. -->
  <xsl:template match="*" mode="tp:document">
    <xsl:call-template name="tp:preamble"/>
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template name="tp:preamble">
    <xsl:variable name="language" as="xs:string" select="tp:document-language(.)"/>
    <xsl:text>// teitools print edition; generated from {tp:escape($document-href)}&#10;</xsl:text>
    <xsl:text>#import {tp:string($library-name)}: *&#10;</xsl:text>
    <xsl:text>#show: tt-edition.with(&#10;</xsl:text>
    <xsl:text>  title: {tp:string(tt:title(.))},&#10;</xsl:text>
    <xsl:text>  authors: {tp:array(tp:metadata-authors(.) ! tp:string(.))},&#10;</xsl:text>
    <xsl:text>  keywords: {tp:array(distinct-values(tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords/tei:term ! normalize-space(.))[. != ''] ! tp:string(.))},&#10;</xsl:text>
    <xsl:text>  lang: {tp:string($language)},&#10;</xsl:text>
    <xsl:text>  short-title: {tp:content(tp:short-title(tt:title(.)))},&#10;</xsl:text>
    <xsl:text>  attachment: {if ($attachment-name) then tp:string($attachment-name) else 'none'},&#10;</xsl:text>
    <xsl:text>)&#10;&#10;</xsl:text>
    <xsl:apply-templates select="." mode="tp:title-page"/>
    <xsl:if test="exists(.//tei:text//*[tei:head][matches(local-name(), '^div\d?$')])">
      <xsl:text>#tt-contents(title: {tp:content(tp:label('contents', $language))})&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- A title for the running head: at most 48 characters, cut at a word boundary with "…". -->
  <xsl:function name="tp:short-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:sequence select="if (string-length($title) le 48) then $title
        else replace(substring($title, 1, 48), '\s+\S*$', '') || ' …'"/>
  </xsl:function>

  <!-- Authors for the PDF metadata: authors, else editors, else those responsible, else the publisher. -->
  <xsl:function name="tp:metadata-authors" as="xs:string*">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="file" as="element(tei:fileDesc)?" select="tt:tei-of($document)/tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="authors" as="xs:string*" select="tt:authors($document)[. != '']"/>
    <xsl:variable name="editors" as="xs:string*" select="$file/tei:titleStmt/tei:editor ! tt:person-display(.)[. != '']"/>
    <xsl:variable name="responsible" as="xs:string*"
        select="$file/tei:titleStmt/tei:respStmt/(tei:persName, tei:orgName, tei:name) ! normalize-space(.)[. != '']"/>
    <xsl:variable name="publishers" as="xs:string*"
        select="$file/tei:publicationStmt/(tei:publisher, tei:authority, tei:distributor) ! normalize-space(.)[. != '']"/>
    <xsl:sequence select="distinct-values((if (exists($authors)) then $authors
        else if (exists($editors)) then $editors
        else if (exists($responsible)) then $responsible
        else $publishers))"/>
  </xsl:function>

</xsl:stylesheet>
