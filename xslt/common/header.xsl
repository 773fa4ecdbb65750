<?xml version="1.0" encoding="UTF-8"?>
<!-- Titles, authors and the other metadata of a document, read from its teiHeader. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
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

  <!-- The headers of the teiCorpus elements a TEI text belongs to, the nearest first: its shared metadata. -->
  <xsl:function name="tt:corpus-headers" as="element(tei:teiHeader)*">
    <xsl:param name="document" as="node()"/>
    <xsl:sequence select="reverse(tt:tei-of($document)/ancestor::tei:teiCorpus/tei:teiHeader)"/>
  </xsl:function>

  <!-- The publication statement of a text: its own when it names a publisher, else its corpus's. -->
  <xsl:function name="tt:publication" as="element(tei:publicationStmt)?">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="statements" as="element(tei:publicationStmt)*"
        select="(tt:tei-of($document)/tei:teiHeader, tt:corpus-headers($document))/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="($statements[tei:publisher | tei:authority | tei:distributor], $statements)[1]"/>
  </xsl:function>

  <!-- The titles of the edition (series) a text belongs to: its seriesStmt, else those of its corpora. -->
  <xsl:function name="tt:series-titles" as="element(tei:title)*">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="own" as="element(tei:title)*" select="tt:tei-of($document)/tei:teiHeader/tei:fileDesc/tei:seriesStmt/tei:title"/>
    <xsl:sequence select="if (exists($own)) then $own
        else tt:corpus-headers($document)/tei:fileDesc/(tei:seriesStmt/tei:title, tei:titleStmt/tei:title)"/>
  </xsl:function>

  <!-- The date of the text itself (its creation, else its source's date), as written; '' when none is given. -->
  <xsl:function name="tt:text-date" as="xs:string">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="tt:tei-of($document)/tei:teiHeader"/>
    <xsl:sequence select="string(($header/tei:profileDesc/tei:creation/tei:date,
                                  $header/tei:fileDesc/tei:sourceDesc//tei:date)[normalize-space(.)][1] ! normalize-space(.))"/>
  </xsl:function>

  <!-- A source description as one line: the parts of a bibl or msIdentifier joined with punctuation, notes left out. -->
  <xsl:function name="tt:source-line" as="xs:string">
    <xsl:param name="source" as="element()"/>
    <xsl:variable name="parts" as="xs:string*" select="
        if ($source/self::tei:msDesc) then $source/tei:msIdentifier/* ! tt:plain-text(.)
        else if ($source/*[not(self::tei:note)]) then
            $source/*[not(self::tei:note)]
            ! (if ((self::tei:author or self::tei:editor) and (tei:persName, tei:name, tei:orgName))
               then string-join(((tei:persName, tei:name, tei:orgName)[1], tei:affiliation) ! tt:plain-text(.), ', ')
               else tt:plain-text(.))
        else tt:plain-text($source)"/>
    <xsl:sequence select="string-join($parts[. ne ''] ! replace(., '[.,;:]$', ''),
                                      if ($source/self::tei:msDesc) then ', ' else '. ')"/>
  </xsl:function>

  <!-- The abstract of a text in $language (or the first), as plain text: an abstract that only points
       (corresp or ptr) to a part of the text is that part's text. -->
  <xsl:function name="tt:abstract-text" as="xs:string">
    <xsl:param name="document" as="node()"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:variable name="tei" as="element()?" select="tt:tei-of($document)"/>
    <xsl:variable name="abstracts" as="element(tei:abstract)*" select="$tei/tei:teiHeader/tei:profileDesc/tei:abstract"/>
    <xsl:variable name="abstract" as="element(tei:abstract)?"
        select="($abstracts[tt:language(.) = $language], $abstracts)[1]"/>
    <xsl:variable name="pointed" as="element()*"
        select="($abstract/@corresp, $abstract//tei:ptr/@target)[starts-with(., '#')] ! key('ttp:id', substring(., 2), root($tei))"/>
    <xsl:sequence select="normalize-space(string-join((if (exists($pointed)) then $pointed[1] else $abstract)//text()
                          [not(ancestor::tei:head or ancestor::tei:note)]
                          [not(ancestor::*[self::tei:sic or self::tei:orig or self::tei:abbr][parent::tei:choice])]))"/>
  </xsl:function>

  <!-- Whether a language tag names $language (compared by their first subtags: "vi-VN" names "vi"). -->
  <xsl:function name="tt:same-language" as="xs:boolean">
    <xsl:param name="tag" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="$tag ne '' and lower-case(tokenize($tag, '-')[1]) eq lower-case(tokenize($language, '-')[1])"/>
  </xsl:function>

  <!-- Whether $element is one version of a statement given in several languages (siblings of the same
       name and @type, with their own xml:lang) and not the version in $language, which exists. -->
  <xsl:function name="tt:other-language-version" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="not(tt:same-language(tt:language($element), $language))
        and exists($element/../*[node-name(.) eq node-name($element)][string(@type) eq string($element/@type)]
                   [tt:same-language(tt:language(.), $language)])"/>
  </xsl:function>

  <!-- Of header statements given in several languages, the versions in $language (all of one where
       none is in $language): a title page in the document's language, a panel in the labels' language. -->
  <xsl:function name="tt:in-language" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="$elements[not(tt:other-language-version(., $language))]"/>
  </xsl:function>

  <!-- The text of a header element, its parts' versions in other languages than $language left out. -->
  <xsl:function name="tt:text-in-language" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:sequence select="normalize-space(string-join($element//text()
        [empty((ancestor::* except $element/ancestor-or-self::*)[tt:other-language-version(., $language)])]))"/>
  </xsl:function>

  <!-- The language of a node: the nearest xml:lang, or the empty string. -->
  <xsl:function name="tt:language" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!--
    The metadata of a document as labelled fields, in display order:
    <tt:field name="author" label="Author">…</tt:field>. A format renders them as it likes.
    The labels are English, so of statements given in several languages the English ones are taken.
  -->
  <xsl:function name="tt:metadata" as="element(tt:field)*">
    <xsl:param name="document" as="node()"/>
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="tt:tei-of($document)/tei:teiHeader"/>
    <xsl:variable name="file" as="element(tei:fileDesc)?" select="$header/tei:fileDesc"/>
    <xsl:for-each select="tt:in-language(tt:other-titles($document), 'en')">
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
      <tt:field name="responsibility" label="Responsibility">{string-join((tei:persName, tei:orgName, tei:name) ! tt:plain-text(.), '; ')
          || ': ' || string-join(tt:in-language(tei:resp, 'en') ! normalize-space(.), '; ')}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="reverse(tt:corpus-headers($document))">
      <tt:field name="collection" label="Part of">{tt:title(..)}</tt:field>
    </xsl:for-each>
    <xsl:variable name="publication" as="element(tei:publicationStmt)?" select="tt:publication($document)"/>
    <xsl:for-each select="$publication/(tei:publisher, tei:authority, tei:distributor)[1]">
      <tt:field name="publisher" label="Publisher">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$publication/tei:date[1]">
      <tt:field name="date" label="Date">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="tt:in-language($publication/tei:availability/tei:licence, 'en')">
      <tt:field name="licence" label="Licence" target="{@target}">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:publicationStmt/tei:idno">
      <tt:field name="identifier" label="Identifier ({(@type, 'id')[1]})">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$file/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc)">
      <tt:field name="source" label="Source">{tt:source-line(.)}</tt:field>
    </xsl:for-each>
    <xsl:variable name="languages" as="element(tei:language)*" select="$header/tei:profileDesc/tei:langUsage/tei:language"/>
    <xsl:if test="exists($languages)">
      <tt:field name="language" label="{if (count($languages) gt 1) then 'Languages' else 'Language'}">{string-join(
          $languages ! (normalize-space(.)[. ne ''], string(@ident))[1], '; ')}</tt:field>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
