<?xml version="1.0" encoding="UTF-8"?>
<!--
  The interface between common and the formats: named templates that common calls with
  the TEI element as context item, and that every format overrides (import precedence).
  The defaults here write no markup: they keep the text, so a format that forgets one
  loses nothing.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!--
    A block. $role is one of: text, front, body, back, division, paragraph, line-group,
    verse-line, speech, speech-group, speaker, stage, list, item, bibliography-entry,
    quotation, citation-block, cast-list, cast-group, cast-item, title-page, doc-title,
    title-part, doc-author, doc-imprint, doc-date, byline, epigraph, trailer, opener,
    closer, dateline, salute, signed, argument, postscript, table, row, cell, figure,
    figure-title, figure-description, floating-text, unknown.
  -->
  <xsl:template name="tt:make-block">
    <xsl:param name="role" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A heading of level $level (1 = a top-level division). -->
  <xsl:template name="tt:make-heading">
    <xsl:param name="level" as="xs:integer"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!--
    An inline phrase. $role: emphasis (hi, emph), foreign, term, mentioned, gi, att, title,
    quotation, said, so-called, stage, role, role-description, label, bibl, cited-range,
    supplied, addition, deletion, substitution, unclear, sic, corr, abbr, expan, orig, reg,
    expansion-text (ex), abbreviation-mark (am), measure, name, name-part, nested-note (a note in a note),
    annotation (span, interp: an interpretation written in the text),
    time, code, segment, unknown.
  -->
  <xsl:template name="tt:make-inline">
    <xsl:param name="role" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A marked name: $kind is person, place, organisation or event; $entry its register entry (may be empty). -->
  <xsl:template name="tt:make-entity">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A date in the text; $value is its normalised value in words (tt:format-date). -->
  <xsl:template name="tt:make-date">
    <xsl:param name="value" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A number; $value is its normalised value (tt:format-number). -->
  <xsl:template name="tt:make-number">
    <xsl:param name="value" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A choice: show $reading, keep $original available; $kind from tt:choice-kind. -->
  <xsl:template name="tt:make-choice">
    <xsl:param name="reading" as="element()?"/>
    <xsl:param name="original" as="element()?"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:apply-templates select="$reading"/>
  </xsl:template>

  <!-- The place of a note in the text; the format lists the notes themselves (tt:notes). -->
  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
  </xsl:template>

  <!-- A citation of the works $works (entries of the works-cited list). -->
  <xsl:template name="tt:make-citation">
    <xsl:param name="works" as="element()*"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A link (ref, ptr) to $target, already prefix-expanded; $internal is the element it designates if known. -->
  <xsl:template name="tt:make-link">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="internal" as="element()?"/>
    <xsl:apply-templates/>
    <xsl:if test="empty(node())">{$target}</xsl:if>
  </xsl:template>

  <!-- A line break of the source; $in-word: it falls inside a word (lb/@break="no"), so no space. -->
  <xsl:template name="tt:make-line-break">
    <xsl:param name="in-word" as="xs:boolean"/>
    <xsl:if test="not($in-word)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- A page break of the source; $number is its @n (may be empty), $image the URL of its page image (may be empty). -->
  <xsl:template name="tt:make-page-break">
    <xsl:param name="number" as="xs:string"/>
    <xsl:param name="image" as="xs:string"/>
  </xsl:template>

  <!-- Text the source does not give (gap); $description says what is missing ("illegible, 2 words"; may be empty). -->
  <xsl:template name="tt:make-gap">
    <xsl:param name="description" as="xs:string"/>
    <xsl:text>[…]</xsl:text>
  </xsl:template>

  <!-- Blank space left in the source (space); $description says how much (may be empty). -->
  <xsl:template name="tt:make-space">
    <xsl:param name="description" as="xs:string"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!--
    An entry of the critical apparatus (app): $lemma is the reading of the text (lem, else the
    first rdg), $readings the variants (each with tt:witness-label), $label the entry's label
    (tt:apparatus-label). The default keeps the lemma only.
  -->
  <xsl:template name="tt:make-apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:apply-templates select="$lemma/node()"/>
  </xsl:template>

  <!-- A formula; $notation is "mathml", "tex" or its @notation; its text is tt:formula-text(.). -->
  <xsl:template name="tt:make-formula">
    <xsl:param name="notation" as="xs:string"/>
    <xsl:value-of select="tt:formula-text(.)"/>
  </xsl:template>

  <!--
    An image (graphic): $url as the document writes it; $local is true when the file lies beside
    the document (inside its folder), so that the format can copy or place it; $description is
    the figure's description or the URL.
  -->
  <xsl:template name="tt:make-graphic">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="local" as="xs:boolean"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:text>[image: {$url}]</xsl:text>
  </xsl:template>

  <!-- Data embedded in the document (binaryObject) of type $mime-type: never its encoded text. -->
  <xsl:template name="tt:make-binary-object">
    <xsl:param name="mime-type" as="xs:string"/>
    <xsl:text>[embedded {$mime-type}]</xsl:text>
  </xsl:template>

  <!-- An element no template of common or the format knows; its text is kept. $block: holds block content. -->
  <xsl:template name="tt:make-unknown">
    <xsl:param name="block" as="xs:boolean"/>
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
