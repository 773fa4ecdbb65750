<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the corpus pages need of one document, made by the worker that renders it (the first
  pass of the build); teitools.render.html keeps it and xslt/html/corpus.xsl reads every
  document's summary (the second pass), so no step holds every document:

  <tt:document href="doc.xml" slug="doc" lang="vi" title="…">
    <tt:author>…</tt:author>…
    <tt:series lang="en">…</tt:series>…  <tt:text-date>…</tt:text-date>  <tt:source lang="vi">…</tt:source>…
    <tt:abstract lang="en">…</tt:abstract>…  <tt:project>the paragraphs of projectDesc, as TEI</tt:project>
    <tt:name key="registers/persons.xml#per-x" id="occ-3" kind="person" passage="passage-2"
             label="…" variants="… | …" before="a few words" after="of context">as written</tt:name>…
                                                   names with @ref/@corresp in text (label and variants of the
                                                   register entry, if found; keyword-in-context words)
    <tt:date start="1950-07-15" end="1950-07-15" id="occ-5" lang="vi" label="15 July 1950" passage="…">as written</tt:date>…
    <tt:passage id="passage-2" lang="…">the reading text of a passage</tt:passage>…   (passages.xsl; for the search index)
  </tt:document>

  Every value is computed by the common layer's functions, as the document page computes it.
  Parameters: ../common/parameters.xsl ($registers for the entries' labels), and $slug.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">
  <xsl:import href="../common/common.xsl"/>
  <xsl:output method="xml" omit-xml-declaration="yes" indent="no"/>

  <xsl:param name="slug" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tt:tei-of(.)" mode="tt:summary"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="tt:summary">
    <tt:document href="{$document-href}" slug="{$slug}" lang="{tt:language(.)}" title="{tt:title(.)}">
      <xsl:for-each select="tt:authors(.)"><tt:author>{.}</tt:author></xsl:for-each>
      <xsl:for-each select="tt:series-titles(.)"><tt:series lang="{tt:language(.)}">{normalize-space(.)}</tt:series></xsl:for-each>
      <xsl:if test="tt:text-date(.) ne ''"><tt:text-date>{tt:text-date(.)}</tt:text-date></xsl:if>
      <xsl:for-each select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc)">
        <tt:source lang="{tt:language(.)}">{tt:source-line(.)}</tt:source>
      </xsl:for-each>
      <xsl:variable name="document" as="element()" select="."/>
      <xsl:for-each select="distinct-values(tei:teiHeader/tei:profileDesc/tei:abstract ! tt:language(.))">
        <tt:abstract lang="{.}">{tt:abstract-text($document, .)}</tt:abstract>
      </xsl:for-each>
      <tt:project><xsl:copy-of select="tei:teiHeader/tei:encodingDesc/tei:projectDesc/*"/></tt:project>
      <xsl:for-each select="tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[@ref or @corresp]">
        <xsl:variable name="entry" as="element()?" select="tt:entity-entry(.)"/>
        <tt:name key="{tt:entity-key(.)}" id="{tt:occurrence-id(.)}" kind="{tt:entity-kind(.)}"
            before="{tt:context-before(.)}" after="{tt:context-after(.)}">
          <xsl:call-template name="ttp:passage-attribute"/>
          <xsl:if test="$entry">
            <xsl:attribute name="label" select="tt:entry-label($entry)"/>
            <xsl:attribute name="variants" select="string-join(tt:entry-variants($entry), ' | ')"/>
          </xsl:if>
          <xsl:sequence select="tt:plain-text(.)"/>
        </tt:name>
      </xsl:for-each>
      <xsl:for-each select="tei:text//tei:date[tt:has-date-value(.)]">
        <tt:date start="{tt:date-start(.)}" end="{tt:date-end(.)}" id="{tt:occurrence-id(.)}" lang="{tt:language(.)}"
            label="{tt:format-date(.)}">
          <xsl:call-template name="ttp:passage-attribute"/>
          <xsl:sequence select="normalize-space(.)"/>
        </tt:date>
      </xsl:for-each>
      <xsl:for-each select="tt:passages(.)">
        <tt:passage id="{tt:passage-id(.)}">
          <xsl:if test="tt:language(.) ne tt:language(ancestor::tei:TEI[1])"><xsl:attribute name="lang" select="tt:language(.)"/></xsl:if>
          <xsl:sequence select="tt:passage-text(.)"/>
        </tt:passage>
      </xsl:for-each>
    </tt:document>
  </xsl:template>

  <!--
    Keyword in context: up to six words of the same block before and after an occurrence (notes
    left out), with the space that separates them from the name when there is one ("lên " + name,
    name + ". Bộ đội"), so that the name and its context can be joined as they stand.
  -->
  <xsl:function name="tt:context-before" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="text" as="xs:string" select="ttp:enough-words(reverse(ttp:context-text($name)[. &lt;&lt; $name]), false())"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize(normalize-space($text))"/>
    <xsl:sequence select="string-join($words[position() gt last() - 6], ' ')
                          || (if (exists($words) and (some $space in $ttp:spaces satisfies ends-with($text, $space))) then ' ' else '')"/>
  </xsl:function>

  <xsl:function name="tt:context-after" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="text" as="xs:string"
        select="ttp:enough-words(ttp:context-text($name)[. &gt;&gt; $name] except $name//text(), true())"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize(normalize-space($text))"/>
    <xsl:sequence select="(if (exists($words) and (some $space in $ttp:spaces satisfies starts-with($text, $space))) then ' ' else '')
                          || string-join($words[position() le 6], ' ')"/>
  </xsl:function>

  <!--
    The text of $texts, nearest the name first, joined in reading order ($forward: the texts follow the
    name; else they precede it, nearest first): only as many as give seven words, so that the six
    nearest words are whole, not the text of the whole block for every name.
  -->
  <xsl:function name="ttp:enough-words" as="xs:string">
    <xsl:param name="texts" as="text()*"/>
    <xsl:param name="forward" as="xs:boolean"/>
    <xsl:iterate select="$texts">
      <xsl:param name="joined" as="xs:string" select="''"/>
      <xsl:on-completion select="$joined"/>
      <xsl:variable name="longer" as="xs:string" select="if ($forward) then $joined || . else . || $joined"/>
      <xsl:choose>
        <xsl:when test="count(tokenize(normalize-space($longer))) gt 6"><xsl:break select="$longer"/></xsl:when>
        <xsl:otherwise><xsl:next-iteration><xsl:with-param name="joined" select="$longer"/></xsl:next-iteration></xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- XML's white space characters (\s of XPath regular expressions); tested with starts-with and ends-with,
       since a regular expression over the whole text of a block costs more than the rest of the summary. -->
  <xsl:variable name="ttp:spaces" as="xs:string+" select="(' ', '&#9;', '&#10;', '&#13;')"/>

  <!-- The text nodes of the block around a name, without those of notes inside the block. -->
  <xsl:function name="ttp:context-text" as="text()*">
    <xsl:param name="name" as="element()"/>
    <!-- ("/." keeps the cached call out of tail position, where Saxon would skip the cache) -->
    <xsl:sequence select="$name/ancestor::*[local-name() = $ttp:context-blocks][1] ! ttp:block-text(.)/."/>
  </xsl:function>

  <!-- The text nodes of a block but those of its notes (cached: every name of the block asks). -->
  <xsl:function name="ttp:block-text" as="text()*" cache="yes">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="$block//text() except $block//tei:note//text()"/>
  </xsl:function>

  <xsl:variable name="ttp:context-blocks" as="xs:string+"
      select="('p', 'l', 'ab', 'head', 'item', 'cell', 'note', 'quote', 'stage', 'speaker', 'label', 'bibl', 'byline',
               'dateline', 'salute', 'signed', 'trailer', 'titlePart', 'docTitle', 'u', 'seg', 'entry', 'div')"/>

  <xsl:template name="ttp:passage-attribute">
    <xsl:variable name="passage" as="element()?" select="tt:passage-of(.)"/>
    <xsl:if test="$passage"><xsl:attribute name="passage" select="tt:passage-id($passage)"/></xsl:if>
  </xsl:template>

</xsl:stylesheet>
