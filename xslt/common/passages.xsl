<?xml version="1.0" encoding="UTF-8"?>
<!--
  Passages: the outermost blocks of the reading text a reader can be sent to (a paragraph, a
  speech, a verse line outside a stanza, a heading, a list item, a cell, a note…). Each has an
  id: its xml:id, "note-N" for a note, else "passage-N" (N counted over the passages of its TEI
  element, from 1). The HTML pages carry these ids and the search index points to them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all">

  <!-- The block elements that can be passages (a note is one apart from the text around it), by local name
       (a map: this is asked of every element of the text, and of its ancestors). -->
  <xsl:variable name="ttp:passage-names" as="map(xs:string, xs:boolean)" select="map:merge(
      ('p', 'ab', 'head', 'l', 'lg', 'sp', 'stage', 'item', 'cell', 'castItem', 'trailer', 'dateline', 'salute',
       'signed', 'byline', 'docTitle', 'docAuthor', 'docDate', 'docImprint', 'docEdition', 'argument', 'epigraph',
       'opener', 'closer', 'postscript', 'figDesc', 'quote', 'cit') ! map:entry(., true()))"/>

  <xsl:function name="ttp:is-passage-element" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="namespace-uri($element) eq 'http://www.tei-c.org/ns/1.0'
        and (map:contains($ttp:passage-names, local-name($element))
             or $element[self::tei:bibl or self::tei:biblStruct]/parent::tei:listBibl)"/>
  </xsl:function>

  <!--
    True for a passage: an outermost passage element of the text (outside notes), or an outermost note.
    A format that asks this of every element it writes may tell the templates below a passage so with
    the tunnel parameter tt:below-passage (true below a passage: nothing there is one), so as not to
    ask there at all; core's TEI template sets it back to false (a TEI element has passages of its own).
  -->
  <xsl:function name="tt:is-passage" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="
        if ($element/self::tei:note) then empty($element/ancestor::tei:note) and exists($element/ancestor::tei:text)
        else ttp:is-passage-element($element) and exists($element/ancestor::tei:text)
             and map:contains(ttp:passage-numbers($element/ancestor::tei:TEI[1]), generate-id($element))"/>
  </xsl:function>

  <!-- The passages of a TEI element but its notes, numbered from 1 in document order: generate-id() -> number.
       Made once per TEI element (cached), so that asking whether an element is a passage costs a look-up. -->
  <xsl:function name="ttp:passage-numbers" as="map(xs:string, xs:integer)" cache="yes">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="passages" as="element()*" select="ttp:outermost-passages($tei/tei:text/*)"/>
    <xsl:sequence select="map:merge(for $number in 1 to count($passages) return map:entry(generate-id($passages[$number]), $number))"/>
  </xsl:function>

  <!-- The id of a passage in the HTML page. -->
  <xsl:function name="tt:passage-id" as="xs:string">
    <xsl:param name="passage" as="element()"/>
    <xsl:sequence select="if ($passage/@xml:id) then string($passage/@xml:id)
        else if ($passage/self::tei:note) then 'note-' || tt:note-number($passage)
        else 'passage-' || ttp:passage-numbers($passage/ancestor::tei:TEI[1])(generate-id($passage))"/>
  </xsl:function>

  <!-- The passages of a TEI element, notes included, in document order. -->
  <xsl:function name="tt:passages" as="element()*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="ttp:outermost-passages($tei/tei:text/*) | $tei/tei:text//tei:note[not(ancestor::tei:note)]"/>
  </xsl:function>

  <!-- The passage elements among $elements and, below those that are not, the outermost ones (notes left out):
       the walk goes down the structure (divisions, body…) only, never into a passage. -->
  <xsl:function name="ttp:outermost-passages" as="element()*">
    <xsl:param name="elements" as="element()*"/>
    <xsl:sequence select="for $element in $elements[not(self::tei:note)]
        return if (ttp:is-passage-element($element)) then $element else ttp:outermost-passages($element/*)"/>
  </xsl:function>

  <!-- The passage a node of the text is in (none for text outside every passage). -->
  <xsl:function name="tt:passage-of" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[tt:is-passage(.)][1]"/>
  </xsl:function>

  <!-- The reading text of a passage, one line: without its notes (passages of their own) and without
       the readings a choice replaces (sic, abbr, orig). One walk down the passage (mode ttp:passage-text). -->
  <xsl:function name="tt:passage-text" as="xs:string">
    <xsl:param name="passage" as="element()"/>
    <xsl:variable name="text" as="text()*"><xsl:apply-templates select="$passage/node()" mode="ttp:passage-text"/></xsl:variable>
    <xsl:sequence select="normalize-space(string-join($text))"/>
  </xsl:function>

  <xsl:mode name="ttp:passage-text" on-no-match="text-only-copy"/>
  <xsl:template match="tei:note | tei:choice/tei:sic | tei:choice/tei:abbr | tei:choice/tei:orig | tei:fw"
      mode="ttp:passage-text"/>

</xsl:stylesheet>
