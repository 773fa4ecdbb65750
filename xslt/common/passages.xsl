<?xml version="1.0" encoding="UTF-8"?>
<!--
  Passages: the smallest blocks of the reading text a reader can be sent to (a paragraph, a
  speech, a verse line outside a stanza, a heading, a list item, a cell, a note…). Each has an
  id: its xml:id, "note-N" for a note, else "passage-N" (N counted over the passages of its TEI
  element, from 1). The HTML pages carry these ids and the search index points to them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all">

  <!-- The block elements that can be passages (a note is one apart from the text around it). -->
  <xsl:function name="ttp:is-passage-element" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[self::tei:p | self::tei:ab | self::tei:head | self::tei:l | self::tei:lg
        | self::tei:sp | self::tei:stage | self::tei:item | self::tei:cell | self::tei:castItem | self::tei:trailer
        | self::tei:dateline | self::tei:salute | self::tei:signed | self::tei:byline | self::tei:docTitle
        | self::tei:docAuthor | self::tei:docDate | self::tei:docImprint | self::tei:docEdition | self::tei:argument
        | self::tei:epigraph | self::tei:opener | self::tei:closer | self::tei:postscript | self::tei:figDesc
        | self::tei:listBibl/tei:bibl | self::tei:listBibl/tei:biblStruct | self::tei:quote | self::tei:cit])"/>
  </xsl:function>

  <!-- True for a passage: an outermost passage element of the text (outside notes), or an outermost note. -->
  <xsl:function name="tt:is-passage" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element/ancestor::tei:text) and (
        if ($element/self::tei:note) then empty($element/ancestor::tei:note)
        else ttp:is-passage-element($element)
             and empty($element/ancestor::*[self::tei:note or ttp:is-passage-element(.)]))"/>
  </xsl:function>

  <xsl:accumulator name="tt:passage" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="*[not(self::tei:note)][tt:is-passage(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The id of a passage in the HTML page. -->
  <xsl:function name="tt:passage-id" as="xs:string">
    <xsl:param name="passage" as="element()"/>
    <xsl:sequence select="if ($passage/@xml:id) then string($passage/@xml:id)
        else if ($passage/self::tei:note) then 'note-' || tt:note-number($passage)
        else 'passage-' || $passage/accumulator-before('tt:passage')"/>
  </xsl:function>

  <!-- The passage a node of the text is in (none for text outside every passage). -->
  <xsl:function name="tt:passage-of" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[tt:is-passage(.)][1]"/>
  </xsl:function>

  <!-- The reading text of a passage, one line: without its notes (passages of their own) and without
       the readings a choice replaces (sic, abbr, orig). -->
  <xsl:function name="tt:passage-text" as="xs:string">
    <xsl:param name="passage" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($passage//text()
        [empty(ancestor::tei:note except $passage/ancestor-or-self::tei:note)]
        [not(ancestor::tei:sic[parent::tei:choice] | ancestor::tei:abbr[parent::tei:choice] | ancestor::tei:orig[parent::tei:choice])]
        [not(ancestor::tei:fw)], ''))"/>
  </xsl:function>

</xsl:stylesheet>
