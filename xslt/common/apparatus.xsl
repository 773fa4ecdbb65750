<?xml version="1.0" encoding="UTF-8"?>
<!-- Editorial apparatus: choice (sic/corr, abbr/expan, orig/reg), notes, citations and the works cited. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The reading a choice shows: corr, expan or reg (else its first child). -->
  <xsl:function name="tt:choice-reading" as="element()?">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="($choice/(tei:corr | tei:expan | tei:reg), $choice/*[not(self::tei:sic | self::tei:abbr | self::tei:orig)], $choice/*)[1]"/>
  </xsl:function>

  <!-- The alternative a choice keeps available: sic, abbr or orig. -->
  <xsl:function name="tt:choice-original" as="element()?">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="($choice/(tei:sic | tei:abbr | tei:orig), $choice/* except tt:choice-reading($choice))[1]"/>
  </xsl:function>

  <!-- What a choice records: correction, abbreviation, regularisation or alternative. -->
  <xsl:function name="tt:choice-kind" as="xs:string">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="
        if ($choice/tei:sic or $choice/tei:corr) then 'correction'
        else if ($choice/tei:abbr or $choice/tei:expan) then 'abbreviation'
        else if ($choice/tei:orig or $choice/tei:reg) then 'regularisation'
        else 'alternative'"/>
  </xsl:function>

  <!-- The notes of a document's text, in document order (notes inside notes excluded). -->
  <xsl:function name="tt:notes" as="element(tei:note)*">
    <xsl:param name="document" as="node()"/>
    <xsl:sequence select="tt:tei-of($document)//tei:text//tei:note[not(ancestor::tei:note)]"/>
  </xsl:function>

  <!-- The number of a note: its position among tt:notes(), counted within its own text (the notes of the
       texts before it in a teiCorpus do not count), by an accumulator: one pass, not a count per note. -->
  <xsl:function name="tt:note-number" as="xs:integer">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="$note/accumulator-before('ttp:note-count')"/>
  </xsl:function>

  <xsl:accumulator name="ttp:note-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="tei:note[ancestor::tei:text][not(ancestor::tei:note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The label of a note: @n when given, else its number. -->
  <xsl:function name="tt:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="(string($note/@n)[. ne ''], string(tt:note-number($note)))[1]"/>
  </xsl:function>

  <!-- True for a bibl that cites a work (bibl[@type='citation'] or any bibl with @corresp inside the text body). -->
  <xsl:function name="tt:is-citation" as="xs:boolean">
    <xsl:param name="bibl" as="element()"/>
    <xsl:sequence select="$bibl/@type = 'citation' or ($bibl/@corresp and not($bibl/parent::tei:listBibl))"/>
  </xsl:function>

  <!-- The works a citation points to with @corresp (or @target): entries of the works-cited list. -->
  <xsl:function name="tt:cited-works" as="element()*">
    <xsl:param name="citation" as="element()"/>
    <xsl:sequence select="tt:resolve-pointers(($citation/@corresp, $citation/@target)[1], $citation)"/>
  </xsl:function>

  <!-- The works-cited entries of a document: every bibl/biblStruct with an id inside back or a listBibl of the text. -->
  <xsl:function name="tt:works-cited" as="element()*">
    <xsl:param name="document" as="node()"/>
    <xsl:sequence select="tt:tei-of($document)//tei:text//tei:listBibl/(tei:bibl | tei:biblStruct)"/>
  </xsl:function>

  <!-- The level of a heading: the number of divisions it is in (at least 1). -->
  <xsl:function name="tt:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[matches(local-name(), '^div\d?$')])))"/>
  </xsl:function>

  <!-- True if an element holds block content (paragraphs, verse, speeches, lists…), so it is a block itself. -->
  <xsl:function name="tt:has-block-content" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="some $child in $element/* satisfies $child/(self::tei:p | self::tei:ab | self::tei:lg | self::tei:l
        | self::tei:sp | self::tei:div | self::tei:list | self::tei:listBibl | self::tei:table | self::tei:head
        | self::tei:castList | self::tei:castGroup | self::tei:castItem | self::tei:figure
        | self::tei:quote[tt:has-block-content(.)] | self::tei:cit[tei:quote[tt:has-block-content(.)]]
        | self::tei:stage | self::tei:speaker | self::tei:floatingText | self::tei:titlePage | self::tei:docTitle
        | self::tei:titlePart | self::tei:trailer | self::tei:epigraph | self::tei:opener | self::tei:closer
        | self::tei:signed | self::tei:dateline | self::tei:set)"/>
  </xsl:function>

</xsl:stylesheet>
