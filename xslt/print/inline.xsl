<?xml version="1.0" encoding="UTF-8"?>
<!--
  Phrases of the print edition as Typst markup: the text itself, highlighting, names and
  their index markers, choice, notes as footnotes, links, breaks and gaps (the inline
  tt:make-* hooks). Inside a division heading (tunnel parameter in-heading) notes, the
  alternatives of a choice and index markers are left out: tt:make-heading sets them after it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Every character of the document reaches Typst through tp:escape. -->
  <xsl:template match="text()">
    <xsl:value-of select="tp:escape(.)"/>
  </xsl:template>

  <!-- Typst wrappers for the tokens of hi/@rend (several may combine); no known token: italic. -->
  <xsl:variable name="tp:rendition-wrappers" as="map(xs:string, xs:string)" select="map {
      'italic': 'emph', 'i': 'emph', 'italics': 'emph', 'bold': 'strong', 'b': 'strong',
      'sup': 'super', 'superscript': 'super', 'sub': 'sub', 'subscript': 'sub',
      'smallcaps': 'smallcaps', 'small-caps': 'smallcaps', 'sc': 'smallcaps',
      'underline': 'underline', 'u': 'underline', 'strikethrough': 'strike', 'line-through': 'strike',
      'spaced': 'text.with(tracking: 0.15em)', 'letterspace': 'text.with(tracking: 0.15em)',
      'roman': 'text.with(style: &quot;normal&quot;)', 'normal': 'text.with(style: &quot;normal&quot;)'}"/>

  <!-- The Typst function of each inline role that has one; the other roles are their text. -->
  <xsl:variable name="tp:inline-functions" as="map(xs:string, xs:string)" select="map {
      'foreign': 'emph', 'term': 'emph', 'mentioned': 'emph', 'title': 'emph',
      'stage': 'tt-stage-inline', 'surplus': 'strike', 'supplied': 'tt-supplied',
      'so-called': 'tt-so-called', 'label': 'strong'}"/>

  <!-- The wrappers of an emphasis: from the tokens of @rend and @rendition (hi), else italic. -->
  <xsl:function name="tp:wrappers" as="xs:string+">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="tokens" as="xs:string*"
        select="tokenize(lower-case(normalize-space(string-join(($element/@rend, $element/@rendition ! replace(., '#', '')), ' '))))"/>
    <xsl:variable name="known" as="xs:string*" select="$tokens[map:contains($tp:rendition-wrappers, .)] ! $tp:rendition-wrappers(.)"/>
    <xsl:sequence select="if (exists($known)) then distinct-values($known) else 'emph'"/>
  </xsl:function>

  <xsl:template name="tt:make-inline">
    <xsl:param name="role" as="xs:string"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="wrappers" as="xs:string*"
        select="if ($role = 'emphasis') then tp:wrappers(.) else $tp:inline-functions($role)"/>
    <xsl:choose>
      <!-- The reading text: what the writer deleted is not read. -->
      <xsl:when test="$role = 'deletion'"/>
      <!-- A note inside a note, an annotation (span, interp), stays in parentheses where it is. -->
      <xsl:when test="$role = ('nested-note', 'annotation')">
        <xsl:text> {tp:escape('(')}</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>{tp:escape(')')}</xsl:text>
      </xsl:when>
      <!-- The label of a list item is set inside the item (tt:make-block). -->
      <xsl:when test="$role = 'label' and parent::tei:list and following-sibling::*[1][self::tei:item]"/>
      <!-- A role description between the items of a cast list is an item of its own. -->
      <xsl:when test="$role = 'role-description' and (parent::tei:castList | parent::tei:castGroup)">
        <xsl:value-of select="$tp:break"/>
        <xsl:text>#tt-list-item(emph[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>])</xsl:text>
        <xsl:value-of select="$tp:break"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>{string-join($wrappers ! ('#' || . || '['))}</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>{string-join($wrappers ! ']')}</xsl:text>
        <xsl:if test="$role = 'label'"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="not($in-heading)">{tp:index-marks(.)}</xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A marked name: its text and its index marker. -->
  <xsl:template name="tt:make-entity">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:apply-templates/>
    <xsl:if test="not($in-heading)">{tp:index-marks(.)}</xsl:if>
  </xsl:template>

  <!-- Dates and numbers as the source writes them (the print edition has no chronology to link to). -->
  <xsl:template name="tt:make-date">
    <xsl:param name="value" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="tt:make-number">
    <xsl:param name="value" as="xs:string"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A citation as the source writes it; the works cited are printed where the document lists them. -->
  <xsl:template name="tt:make-citation">
    <xsl:param name="works" as="element()*"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!--
    The reading in the text, the other forms (sic, orig, abbr…) in a footnote, so that neither
    is lost; inside a note or a heading only the reading.
  -->
  <xsl:template name="tt:make-choice">
    <xsl:param name="reading" as="element()?"/>
    <xsl:param name="original" as="element()?"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:apply-templates select="$reading"/>
    <xsl:variable name="others" as="element()*" select="* except $reading"/>
    <xsl:if test="exists($others) and not($in-heading) and empty(ancestor::tei:note)">
      <xsl:text>#footnote[</xsl:text>
      <xsl:for-each select="$others">
        <xsl:if test="position() gt 1">{tp:escape('; ')}</xsl:if>
        <xsl:text>{tp:escape(local-name() || ': ')}</xsl:text>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Notes are footnotes (a note inside a note is the inline role nested-note); in a heading, nothing (see tt:make-heading). -->
  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$in-heading"/>
      <xsl:otherwise>
        <xsl:text>#footnote[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Web addresses become PDF links; other targets keep their text (a pointer without text: its target). -->
  <xsl:template name="tt:make-link">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="internal" as="element()?"/>
    <xsl:variable name="web" as="xs:boolean" select="matches($target, '^https?://\S+$') and empty(ancestor::tei:ref)"/>
    <xsl:if test="$web">#link({tp:string($target)})[</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="empty(node())">{tp:escape($target)}</xsl:if>
    <xsl:if test="$web">]</xsl:if>
  </xsl:template>

  <!-- Line breaks of the source separate words unless they fall inside one. -->
  <xsl:template name="tt:make-line-break">
    <xsl:param name="in-word" as="xs:boolean"/>
    <xsl:if test="not($in-word)">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Page breaks of the source: a small [n] inside running text, nothing between blocks or in headings. -->
  <xsl:template name="tt:make-page-break">
    <xsl:param name="number" as="xs:string"/>
    <xsl:param name="image" as="xs:string"/>
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="normalize-space($number) and not($in-heading)
                  and (exists(../text()[normalize-space()]) or exists(parent::tei:p | parent::tei:ab | parent::tei:l))">
      <xsl:text>#tt-page-break({tp:content($number)})</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tt:make-gap">
    <xsl:param name="description" as="xs:string"/>
    <xsl:text>#tt-gap()</xsl:text>
  </xsl:template>

  <!-- Space left blank in the source: in the reading text, a space between words. -->
  <xsl:template name="tt:make-space">
    <xsl:param name="description" as="xs:string"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
