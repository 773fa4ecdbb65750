<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dublin Core from a teiHeader: one oai_dc:dc record per TEI document.

  Used by `teitools metadata` (harvesting, catalogue import) and by the dmdSec of the
  METS document of a deposit bag (teitools/metadata.py reads the record back).

  Parameters
    $document-name  xs:string, default ''. The document's file name; it is given as
                    dc:identifier only when the publication statement has no idno.

  Mapping (every value is whitespace-normalised; choice is read as corr/reg/expan;
  notes are left out of running text). A value carries @xml:lang, the nearest
  xml:lang of the element it comes from, for the fields marked "lang":
    title        titleStmt/title: the main title (@type='main', else the first untyped
                 or supplied one, else the first) and then the others in order (lang)
    creator      titleStmt/author: its persName, else its name, else its text
                 without the affiliation
    contributor  titleStmt and editionStmt: editor as "name (editor)" (@role if given);
                 respStmt as "name (resp; resp)" for each persName/orgName/name (lang of
                 the first resp)
    date         publicationStmt/date (@when, else @from, @notBefore, text), then the
                 dates of the source in sourceDesc (outside notes)
    language     profileDesc/langUsage/language/@ident; without langUsage the
                 xml:lang of the TEI element
    subject      profileDesc/textClass/keywords: each term (or list/item) (lang)
    description  profileDesc/abstract (lang); a ptr to "#id" inside the abstract is
                 replaced by the text of the element it points to (without its head).
                 Only pointers into the same document are followed, one level deep.
                 Without an abstract: front/div[@type='abstract'].
    source       sourceDesc: per bibl/biblStruct/biblFull a citation "authors. title.
                 title. place, publisher, date, scope" (lang), then each http(s) URL of
                 its ptr/ref targets as a value of its own; per msDesc its identifier;
                 per p its text (lang)
    rights       availability: licence text (lang), licence/@target, then each p (lang)
    identifier   publicationStmt/idno, distinct, in order
    publisher    publicationStmt/publisher
    type         "Text"
    format       "application/tei+xml"
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:dcx="urn:teitools:dublin-core"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="document-name" as="xs:string" select="''"/>

  <xsl:key name="dcx:by-id" match="*[@xml:id]" use="string(@xml:id)"/>

  <xsl:template match="/">
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="(tei:TEI, tei:teiCorpus)/tei:teiHeader"/>
    <xsl:variable name="file" as="element(tei:fileDesc)?" select="$header/tei:fileDesc"/>
    <oai_dc:dc xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <xsl:namespace name="dc" select="'http://purl.org/dc/elements/1.1/'"/>
      <xsl:call-template name="dcx:titles">
        <xsl:with-param name="titles" select="$file/tei:titleStmt/tei:title"/>
      </xsl:call-template>
      <xsl:for-each select="$file/tei:titleStmt/tei:author">
        <xsl:sequence select="dcx:element('creator', dcx:person(.), ())"/>
      </xsl:for-each>
      <xsl:apply-templates select="$file/(tei:titleStmt | tei:editionStmt)/(tei:editor | tei:respStmt)"
          mode="dcx:contributor"/>
      <xsl:apply-templates select="$file/tei:publicationStmt/tei:date" mode="dcx:date"/>
      <xsl:apply-templates select="$file/tei:sourceDesc//tei:date[not(ancestor::tei:note)]" mode="dcx:date"/>
      <xsl:call-template name="dcx:languages">
        <xsl:with-param name="header" select="$header"/>
      </xsl:call-template>
      <xsl:for-each select="$header/tei:profileDesc/tei:textClass/tei:keywords/(tei:term | tei:list/tei:item)">
        <xsl:sequence select="dcx:element('subject', dcx:text(.), dcx:language(.))"/>
      </xsl:for-each>
      <xsl:call-template name="dcx:descriptions">
        <xsl:with-param name="header" select="$header"/>
      </xsl:call-template>
      <xsl:apply-templates select="$file/tei:sourceDesc/*" mode="dcx:source"/>
      <xsl:for-each select="$file/tei:publicationStmt/tei:availability">
        <xsl:for-each select="tei:licence">
          <xsl:sequence select="dcx:element('rights', dcx:text(.), dcx:language(.))"/>
          <xsl:sequence select="dcx:element('rights', normalize-space(@target), ())"/>
        </xsl:for-each>
        <xsl:for-each select="tei:p">
          <xsl:sequence select="dcx:element('rights', dcx:text(.), dcx:language(.))"/>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:variable name="identifiers" as="xs:string*"
          select="distinct-values($file/tei:publicationStmt/tei:idno ! normalize-space(.))[. != '']"/>
      <xsl:for-each select="if (exists($identifiers)) then $identifiers else $document-name[. != '']">
        <xsl:sequence select="dcx:element('identifier', ., ())"/>
      </xsl:for-each>
      <xsl:for-each select="$file/tei:publicationStmt/tei:publisher">
        <xsl:sequence select="dcx:element('publisher', dcx:text(.), ())"/>
      </xsl:for-each>
      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>
    </oai_dc:dc>
  </xsl:template>

  <!-- One dc:NAME element, or nothing when the value is empty. -->
  <xsl:function name="dcx:element" as="element()?">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:param name="language" as="xs:string?"/>
    <xsl:if test="normalize-space($value) != ''">
      <xsl:element name="dc:{$name}" namespace="http://purl.org/dc/elements/1.1/">
        <xsl:if test="normalize-space($language) != ''">
          <xsl:attribute name="xml:lang" select="$language"/>
        </xsl:if>
        <xsl:sequence select="normalize-space($value)"/>
      </xsl:element>
    </xsl:if>
  </xsl:function>

  <!-- The nearest xml:lang of a node, or the empty sequence. -->
  <xsl:function name="dcx:language" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang ! string(.)"/>
  </xsl:function>

  <!-- The running text of an element: choice read as corr/reg/expan, notes left out. -->
  <xsl:function name="dcx:text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$element/node()" mode="dcx:text"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($pieces))"/>
  </xsl:function>

  <!-- A person as named in a header: persName, else name, else the text without affiliation. -->
  <xsl:function name="dcx:person" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="name" as="element()?" select="($person/tei:persName, $person/tei:name, $person/tei:orgName)[1]"/>
    <xsl:sequence select="if ($name) then dcx:text($name) else dcx:text-without($person, ('affiliation', 'email', 'note'))"/>
  </xsl:function>

  <xsl:function name="dcx:text-without" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="left-out" as="xs:string*"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$element/node()[not(local-name() = $left-out)]" mode="dcx:text"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($pieces))"/>
  </xsl:function>

  <!-- The value of a date: @when, else the start of a range, else its text. -->
  <xsl:function name="dcx:date-value" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="(($date/@when, $date/@from, $date/@notBefore) ! normalize-space(.), dcx:text($date))[. != ''][1]"/>
  </xsl:function>

  <!-- Running text. -->
  <xsl:template match="text()" mode="dcx:text">
    <xsl:sequence select="string(.)"/>
  </xsl:template>
  <xsl:template match="tei:choice" mode="dcx:text">
    <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, *)[1]" mode="dcx:text"/>
  </xsl:template>
  <xsl:template match="tei:note | tei:ptr | comment() | processing-instruction()" mode="dcx:text"/>
  <xsl:template match="tei:lb" mode="dcx:text">
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- Titles: the main one first. -->
  <xsl:template name="dcx:titles">
    <xsl:param name="titles" as="element(tei:title)*"/>
    <xsl:variable name="main" as="element(tei:title)?"
        select="($titles[@type = 'main'], $titles[not(@type) or @type = 'supplied'], $titles)[1]"/>
    <xsl:for-each select="($main, $titles except $main)">
      <xsl:sequence select="dcx:element('title', dcx:text(.), dcx:language(.))"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Contributors with their role. -->
  <xsl:template match="tei:editor" mode="dcx:contributor">
    <xsl:sequence select="dcx:element('contributor', dcx:person(.) || ' (' || (normalize-space(@role)[. != ''], 'editor')[1] || ')', ())"/>
  </xsl:template>
  <xsl:template match="tei:respStmt" mode="dcx:contributor">
    <xsl:variable name="role" as="xs:string" select="string-join(tei:resp ! dcx:text(.), '; ')"/>
    <xsl:variable name="language" as="xs:string?" select="tei:resp[1] ! dcx:language(.)"/>
    <xsl:for-each select="tei:persName | tei:orgName | tei:name">
      <xsl:sequence select="dcx:element('contributor', dcx:text(.) || (if ($role) then ' (' || $role || ')' else ''), $language)"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:date" mode="dcx:date">
    <xsl:sequence select="dcx:element('date', dcx:date-value(.), ())"/>
  </xsl:template>

  <xsl:template name="dcx:languages">
    <xsl:param name="header" as="element(tei:teiHeader)?"/>
    <xsl:variable name="declared" as="xs:string*"
        select="distinct-values($header/tei:profileDesc/tei:langUsage/tei:language/@ident ! normalize-space(.))[. != '']"/>
    <xsl:for-each select="if (exists($declared)) then $declared else normalize-space(/(tei:TEI, tei:teiCorpus)/@xml:lang)[. != '']">
      <xsl:sequence select="dcx:element('language', ., ())"/>
    </xsl:for-each>
  </xsl:template>

  <!-- Descriptions: abstracts, following in-document pointers one level deep. -->
  <xsl:template name="dcx:descriptions">
    <xsl:param name="header" as="element(tei:teiHeader)?"/>
    <xsl:variable name="abstracts" as="element()*" select="$header/tei:profileDesc/tei:abstract"/>
    <xsl:for-each select="if (exists($abstracts)) then $abstracts else /tei:TEI/tei:text/tei:front//tei:div[@type = 'abstract']">
      <xsl:variable name="pieces" as="xs:string*">
        <xsl:apply-templates select="node()[not(self::tei:head)]" mode="dcx:description"/>
      </xsl:variable>
      <xsl:sequence select="dcx:element('description', string-join($pieces), dcx:language(.))"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="node()" mode="dcx:description">
    <xsl:apply-templates select="." mode="dcx:text"/>
  </xsl:template>
  <xsl:template match="*" mode="dcx:description">
    <xsl:apply-templates select="node()" mode="dcx:description"/>
  </xsl:template>
  <xsl:template match="tei:choice" mode="dcx:description">
    <xsl:apply-templates select="." mode="dcx:text"/>
  </xsl:template>
  <xsl:template match="tei:note" mode="dcx:description"/>
  <xsl:template match="tei:ptr[starts-with(normalize-space(@target), '#')]" mode="dcx:description">
    <xsl:variable name="target" as="element()?" select="key('dcx:by-id', substring(normalize-space(@target), 2))[1]"/>
    <xsl:if test="$target">
      <xsl:sequence select="' '"/>
      <xsl:apply-templates select="$target/node()[not(self::tei:head)]" mode="dcx:text"/>
    </xsl:if>
  </xsl:template>

  <!-- Sources. -->
  <xsl:template match="tei:bibl | tei:biblStruct | tei:biblFull" mode="dcx:source">
    <xsl:variable name="parts" as="element()*" select=".//*[not(ancestor-or-self::tei:note) and not(ancestor-or-self::tei:affiliation)]"/>
    <xsl:variable name="authors" as="xs:string*" select="$parts[self::tei:author or self::tei:editor] ! dcx:person(.)"/>
    <xsl:variable name="titles" as="xs:string*" select="$parts[self::tei:title] ! dcx:text(.)"/>
    <xsl:variable name="imprint" as="xs:string*"
        select="$parts[self::tei:pubPlace or self::tei:publisher or self::tei:date or self::tei:biblScope] ! dcx:text(.)"/>
    <xsl:variable name="citation" as="xs:string*"
        select="(string-join($authors, ', '), $titles, string-join($imprint, ', '))[. != '']"/>
    <xsl:sequence select="dcx:element('source', string-join($citation, '. '), dcx:language(.))"/>
    <xsl:for-each select="distinct-values($parts[self::tei:ptr or self::tei:ref]/@target ! normalize-space(.)
                          [matches(., '^https?://')])">
      <xsl:sequence select="dcx:element('source', ., ())"/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="tei:msDesc" mode="dcx:source">
    <xsl:sequence select="dcx:element('source', string-join(tei:msIdentifier/* ! dcx:text(.), ', '), dcx:language(.))"/>
  </xsl:template>
  <xsl:template match="tei:p" mode="dcx:source">
    <xsl:sequence select="dcx:element('source', dcx:text(.), dcx:language(.))"/>
  </xsl:template>
  <xsl:template match="*" mode="dcx:source"/>

</xsl:stylesheet>
