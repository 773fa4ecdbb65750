<?xml version="1.0" encoding="UTF-8"?>
<!-- Titles, authors and the other metadata of a document, read from its teiHeader. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The main title: titleStmt/title[@type='main'], else the first untyped or supplied one. -->
  <xsl:function name="tt:title" as="xs:string">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="titles" as="element(tei:title)*"
        select="tt:tei-of($document)/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="main" as="element(tei:title)?"
        select="($titles[@type = 'main'], $titles[not(@type) or @type = 'supplied'], $titles)[1]"/>
    <xsl:sequence select="if ($main) then tt:plain-text($main) else 'Untitled'"/>
  </xsl:function>

  <!-- The other titles of the title statement (subtitles, alternative titles). -->
  <xsl:function name="tt:other-titles" as="element(tei:title)*">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="titles" as="element(tei:title)*"
        select="tt:tei-of($document)/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="main" as="element(tei:title)?"
        select="($titles[@type = 'main'], $titles[not(@type) or @type = 'supplied'], $titles)[1]"/>
    <xsl:sequence select="$titles except $main"/>
  </xsl:function>

  <!-- Authors named in the title statement, as display strings. -->
  <xsl:function name="tt:authors" as="xs:string*">
    <xsl:param name="document" as="node()"/>
    <xsl:sequence select="tt:tei-of($document)/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author
                          ! tt:person-display(.)"/>
  </xsl:function>

  <!-- A person as written in the header: persName (forename surname) or the plain text. -->
  <xsl:function name="tt:person-display" as="xs:string">
    <xsl:param name="person" as="element()"/>
    <xsl:variable name="name" as="element()?" select="($person/tei:persName[not(@type = 'variant')], $person/tei:persName)[1]"/>
    <xsl:sequence select="tt:plain-text(($name, $person)[1])"/>
  </xsl:function>

  <!-- The language of a node: the nearest xml:lang, or the empty string. -->
  <xsl:function name="tt:language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!--
    The metadata of a document as labelled fields, in display order:
    <tt:field name="author" label="Author">…</tt:field>. A format renders them as it likes.
  -->
  <xsl:function name="tt:metadata" as="element(tt:field)*">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="tt:tei-of($document)/tei:teiHeader"/>
    <xsl:variable name="file" as="element(tei:fileDesc)?" select="$header/tei:fileDesc"/>
    <xsl:for-each select="tt:other-titles($document)">
      <tt:field name="title" label="{if (@type = 'sub') then 'Subtitle' else 'Other title'}"
          lang="{tt:language(.)}">{tt:plain-text(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="tt:authors($document)">
      <tt:field name="author" label="Author">{.}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:titleStmt/tei:editor">
      <tt:field name="editor" label="Editor">{tt:person-display(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:titleStmt/tei:respStmt">
      <tt:field name="responsibility" label="{normalize-space(tei:resp[1])}">{string-join((tei:persName, tei:orgName, tei:name) ! tt:plain-text(.), '; ')}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:publicationStmt/(tei:publisher, tei:authority, tei:distributor)[1]">
      <tt:field name="publisher" label="Publisher">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:publicationStmt/tei:date[1]">
      <tt:field name="date" label="Date">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:publicationStmt/tei:availability/tei:licence">
      <tt:field name="licence" label="Licence" target="{@target}">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:publicationStmt/tei:idno">
      <tt:field name="identifier" label="Identifier ({(@type, 'id')[1]})">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc)">
      <tt:field name="source" label="Source">{tt:plain-text(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$header/tei:profileDesc/tei:langUsage/tei:language">
      <tt:field name="language" label="Language">{(normalize-space(.)[. ne ''], string(@ident))[1]}</tt:field>
    </xsl:for-each>
  </xsl:function>

</xsl:stylesheet>
