<?xml version="1.0" encoding="UTF-8"?>
<!-- Languages: xml:lang values as Typst language codes, passages set in their language, and the labels the edition adds. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ISO 639-2 codes that have a two-letter ISO 639-1 form Typst knows. -->
  <xsl:variable name="tp:two-letter-codes" as="map(xs:string, xs:string)" select="map {
      'ger': 'de', 'deu': 'de', 'eng': 'en', 'fre': 'fr', 'fra': 'fr', 'vie': 'vi', 'lat': 'la',
      'ita': 'it', 'spa': 'es', 'dut': 'nl', 'nld': 'nl', 'rus': 'ru', 'chi': 'zh', 'zho': 'zh',
      'cze': 'cs', 'ces': 'cs', 'gre': 'el', 'ell': 'el', 'pol': 'pl', 'por': 'pt', 'swe': 'sv',
      'dan': 'da', 'nor': 'no', 'fin': 'fi', 'hun': 'hu', 'rum': 'ro', 'ron': 'ro', 'jpn': 'ja'}"/>

  <!-- The Typst language code of an xml:lang value ("en-GB" → "en", "ger" → "de"), or "". -->
  <xsl:function name="tp:typst-language" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:variable name="primary" as="xs:string" select="lower-case(tokenize(normalize-space($code), '[-_]')[1])"/>
    <xsl:sequence select="
        if (map:contains($tp:two-letter-codes, $primary)) then $tp:two-letter-codes($primary)
        else if (matches($primary, '^[a-z]{2,3}$')) then $primary
        else ''" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:function>

  <!-- The language of the document as a whole. -->
  <xsl:function name="tp:document-language" as="xs:string">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="tei" as="element()?" select="tt:tei-of($document)"/>
    <xsl:variable name="declared" as="xs:string"
        select="tp:typst-language(string(($tei/@xml:lang, $tei/tei:text/@xml:lang,
                $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language[1]/@ident,
                reverse($tei/ancestor::*/@xml:lang))[1]))"/>
    <xsl:sequence select="if ($declared) then $declared else 'en'"/>
  </xsl:function>

  <!-- Whether an element's xml:lang changes the language in force around it. -->
  <xsl:function name="tp:changes-language" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="own" as="xs:string" select="tp:typst-language(string($element/@xml:lang))"/>
    <xsl:variable name="outer-attribute" as="attribute()?" select="$element/ancestor::*[@xml:lang][1]/@xml:lang"/>
    <xsl:variable name="outer" as="xs:string"
        select="if ($outer-attribute) then tp:typst-language(string($outer-attribute)) else tp:document-language($element)"/>
    <xsl:sequence select="$own != '' and $own != $outer"/>
  </xsl:function>

  <!--
    Any element of the text in another language: its rendering inside text(lang: …), for
    hyphenation and quotation marks. Not rows and cells: they are arguments of a table call.
  -->
  <xsl:template match="tei:text//*[@xml:lang][not(self::tei:row | self::tei:cell)][tp:changes-language(.)]" priority="20">
    <xsl:text>#text(lang: {tp:string(tp:typst-language(@xml:lang))})[</xsl:text>
    <xsl:next-match/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- Labels of the parts the edition adds, in the document's language (vi, de, else en). -->
  <xsl:function name="tp:label" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:variable name="labels" as="map(xs:string, xs:string*)" select="map {
        'contents': ('Mục lục', 'Inhalt', 'Contents'),
        'collection': ('Thuộc tuyển tập', 'Teil von', 'Part of'),
        'index': ('Chỉ mục', 'Register', 'Index'),
        'persons': ('Nhân vật', 'Personen', 'Persons'),
        'places': ('Địa danh', 'Orte', 'Places'),
        'responsibility': ('Trách nhiệm', 'Verantwortlichkeit', 'Responsibility'),
        'publication': ('Xuất bản', 'Veröffentlichung', 'Publication'),
        'source': ('Nguồn', 'Quelle', 'Source'),
        'licence': ('Giấy phép', 'Lizenz', 'Licence'),
        'identifiers': ('Mã định danh', 'Kennungen', 'Identifiers'),
        'editor': ('Biên tập', 'Herausgegeben von', 'Edited by')}"/>
    <xsl:variable name="position" as="xs:integer" select="if ($language = 'vi') then 1 else if ($language = 'de') then 2 else 3"/>
    <xsl:sequence select="$labels($name)[$position]"/>
  </xsl:function>

</xsl:stylesheet>
