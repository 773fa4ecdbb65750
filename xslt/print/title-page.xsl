<?xml version="1.0" encoding="UTF-8"?>
<!-- The title page, from the teiHeader: titles, authors with affiliation, editors, source, licence, identifiers. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Header text longer than this (a whole manuscript description) is cut on the title page. -->
  <xsl:variable name="tp:longest-header-entry" as="xs:integer" select="600"/>

  <!-- A header element's text as a content expression, in its own language if it has one. -->
  <xsl:function name="tp:header-content" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="language" as="xs:string" select="tp:typst-language(tt:language($element))"/>
    <xsl:variable name="shown" as="xs:string"
        select="if (string-length($text) gt $tp:longest-header-entry)
                then substring($text, 1, $tp:longest-header-entry) || ' …' else $text"/>
    <xsl:sequence select="if ($language != '' and $language != tp:document-language($element))
                          then 'text(lang: ' || tp:string($language) || ')' || tp:content($shown)
                          else tp:content($shown)"/>
  </xsl:function>

  <!-- The name of an author without the affiliation written inside the author element. -->
  <xsl:function name="tp:author-name" as="xs:string">
    <xsl:param name="author" as="element()"/>
    <xsl:variable name="name" as="element()?" select="($author/tei:persName, $author/tei:name, $author/tei:orgName)[1]"/>
    <xsl:sequence select="if ($name) then tt:plain-text($name)
        else normalize-space(string-join($author/node()[not(self::tei:affiliation or self::tei:email or self::tei:idno or self::tei:note)]
                                         ! (if (. instance of element()) then tt:plain-text(.) else string(.)), ' '))"/>
  </xsl:function>

  <!-- A Vietnamese title with no line break inside a proper name: the syllables of a run of capitalised
       syllables ("Điện Biên Phủ", "Hà Nội") are joined by no-break spaces. Other languages are left as they are. -->
  <xsl:function name="tp:unbroken-names" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="if ($language ne 'vi') then $title
        else fold-left(1 to 3, $title, function($text, $pass) {
            replace($text, '(\p{Lu}[\p{Ll}\p{M}]*) (\p{Lu})', '$1&#xA0;$2') })"/>
  </xsl:function>

  <xsl:template match="tei:TEI | tei:teiCorpus" mode="tp:title-page">
    <xsl:variable name="language" as="xs:string" select="tp:document-language(.)"/>
    <xsl:variable name="file" as="element(tei:fileDesc)?" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="publication" as="element(tei:publicationStmt)?" select="tt:publication(.)"/>
    <xsl:text>#tt-title-page(&#10;</xsl:text>
    <xsl:text>  title: {tp:content(tp:unbroken-names(tt:title(.), $language))},&#10;</xsl:text>
    <xsl:text>  subtitles: {tp:array(tt:in-language(tt:other-titles(.), $language) ! tp:header-content(., normalize-space(.)))},&#10;</xsl:text>
    <xsl:text>  authors: {tp:array($file/tei:titleStmt/tei:author ! tp:author-entry(.))},&#10;</xsl:text>
    <xsl:text>  editors: {tp:array($file/tei:titleStmt/tei:editor
        ! tp:content(tp:label('editor', $language) || ' ' || tp:author-name(.)))},&#10;</xsl:text>
    <xsl:text>  responsibilities: {tp:array($file/tei:titleStmt/tei:respStmt ! tp:header-content(tt:in-language(tei:resp, $language)[1],
        normalize-space(string-join(tt:in-language(tei:resp, $language), '; ')) || ': '
        || string-join((tei:persName, tei:orgName, tei:name) ! normalize-space(.), '; ')))},&#10;</xsl:text>
    <xsl:text>  publication: {tp:array(((reverse(tt:corpus-headers(.))
        ! tp:content(tp:label('collection', $language) || ': ' || tt:title(..))),
        $publication[tei:publisher | tei:authority | tei:distributor | tei:pubPlace | tei:date]
        ! tp:content(string-join((tei:publisher, tei:authority, tei:distributor, tei:pubPlace, tei:date)
                     ! normalize-space(.)[. != ''], ', '))))},&#10;</xsl:text>
    <xsl:text>  source: {tp:array($file/tei:sourceDesc/* ! tp:source-entries(., $language)[normalize-space(.) != '[]'])},&#10;</xsl:text>
    <xsl:text>  licence: {tp:array(tt:in-language($publication/tei:availability/(tei:licence, tei:p), $language)
        ! tp:header-content(., tt:text-in-language(., $language) || (if (@target) then ' (' || normalize-space(@target) || ')' else '')))},&#10;</xsl:text>
    <xsl:text>  identifiers: {tp:array($publication/tei:idno
        ! tp:content(string-join((normalize-space(@type)[. != ''], normalize-space(.)), ': ')))},&#10;</xsl:text>
    <xsl:text>  labels: ({string-join(('responsibility', 'publication', 'source', 'licence', 'identifiers')
        ! (. || ': ' || tp:content(tp:label(., $language))), ', ')}),&#10;</xsl:text>
    <xsl:text>)&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The title page's entries for one source: a bibliographic description as one punctuated line, then
       each of its notes in the document's language; any other description as its text. -->
  <xsl:function name="tp:source-entries" as="xs:string*">
    <xsl:param name="source" as="element()"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="
        if ($source/(self::tei:bibl | self::tei:biblStruct | self::tei:biblFull))
        then (tp:header-content($source, tt:source-line($source)),
              tt:in-language($source/tei:note, $language) ! tp:header-content(., tt:text-in-language(., $language)))
        else tp:header-content($source, tt:text-in-language($source, $language))"/>
  </xsl:function>

  <!-- (name: [...], affiliation: [...] or none) for one author of the title statement. -->
  <xsl:function name="tp:author-entry" as="xs:string">
    <xsl:param name="author" as="element()"/>
    <xsl:variable name="affiliations" as="xs:string*"
        select="($author/tei:affiliation, $author/following-sibling::*[1][self::tei:affiliation]) ! normalize-space(.)[. != '']"/>
    <xsl:sequence select="'(name: ' || tp:content(tp:author-name($author)) || ', affiliation: '
        || (if (exists($affiliations)) then tp:content(string-join($affiliations, '; ')) else 'none') || ')'"/>
  </xsl:function>

</xsl:stylesheet>
