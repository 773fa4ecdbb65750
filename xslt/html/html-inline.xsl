<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline phrases, choice, notes, citations and links of the HTML edition. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- HTML element per inline role; roles not listed become span. -->
  <xsl:variable name="ttp:inline-elements" as="map(xs:string, xs:string)" select="map {
      'emphasis': 'em', 'foreign': 'i', 'title': 'cite', 'quotation': 'q', 'term': 'dfn', 'mentioned': 'i',
      'gi': 'code', 'att': 'code', 'code': 'code', 'ident': 'code', 'tag': 'code', 'val': 'code',
      'deletion': 'del', 'addition': 'ins'}"/>

  <xsl:template name="tt:make-inline">
    <xsl:param name="role" as="xs:string"/>
    <xsl:element name="{($ttp:inline-elements($role), 'span')[1]}">
      <xsl:attribute name="class" select="string-join(($role, @type ! ('type-' || .)), ' ')"/>
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:if test="$role = 'supplied'">
        <xsl:attribute name="title" select="'supplied by the editor' || (@reason ! (' (' || . || ')'))"/>
      </xsl:if>
      <xsl:if test="$role = ('deletion', 'addition', 'unclear') and (@place | @reason | @rend | @hand)">
        <xsl:attribute name="title" select="string-join((
            map {'deletion': 'deleted', 'addition': 'added', 'unclear': 'unclear'}($role),
            @place ! ('(' || normalize-space(.) || ')'), @reason ! normalize-space(.), @hand ! ('hand ' || replace(., '^#', ''))), ' ')"/>
      </xsl:if>
      <xsl:if test="$role = 'measure' and @quantity">
        <xsl:attribute name="title" select="tt:format-measure(.)"/>
      </xsl:if>
      <xsl:choose>
        <!-- A deletion between the brackets of the Leiden convention, for copies and screen readers only: "⟦before⟧after". -->
        <xsl:when test="$role = 'deletion'"><span class="bracket">⟦</span><xsl:apply-templates/><span class="bracket">⟧</span></xsl:when>
        <xsl:when test="$role = ('nested-note', 'annotation')"> (<xsl:apply-templates/>)</xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <xsl:template name="tt:make-number">
    <xsl:param name="value" as="xs:string"/>
    <span class="num" title="{$value}" data-value="{@value}"><xsl:call-template name="tt:html-attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- The reading, with the original in the tooltip and in data-original (edition.js can swap them). -->
  <xsl:template name="tt:make-choice">
    <xsl:param name="reading" as="element()?"/>
    <xsl:param name="original" as="element()?"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="label" as="xs:string"
        select="map {'correction': 'original: ', 'abbreviation': 'abbreviated: ', 'regularisation': 'original spelling: '}($kind)"/>
    <xsl:variable name="original-text" as="xs:string" select="if ($original) then tt:plain-text($original) else ''"/>
    <span class="choice {$kind} {if ($reading/self::tei:corr) then 'corr' else ''}"
          title="{($label, 'alternative: ')[1]}{$original-text}" data-original="{$original-text}">
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:apply-templates select="$reading/node()"/>
    </span>
  </xsl:template>

  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
    <sup class="note-ref"><a id="noteref-{tt:note-number(.)}" href="#note-{tt:note-number(.)}"><xsl:call-template name="ttp:marker-label"><xsl:with-param name="label" select="$label"/></xsl:call-template></a></sup>
  </xsl:template>

  <!-- A marker's label between brackets that only copies and screen readers see: "words[2]", not "words2". -->
  <xsl:template name="ttp:marker-label">
    <xsl:param name="label" as="xs:string"/>
    <span class="bracket">[</span>{$label}<span class="bracket">]</span>
  </xsl:template>

  <xsl:template name="tt:make-citation">
    <xsl:param name="works" as="element()*"/>
    <xsl:choose>
      <xsl:when test="exists($works[@xml:id]) and not(.//tei:ref | .//tei:ptr)">
        <a class="citation" href="#{$works[@xml:id][1]/@xml:id}"
           title="{string-join($works ! normalize-space(.), '; ')}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="citation"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:make-link">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="internal" as="element()?"/>
    <xsl:variable name="href" as="xs:string?" select="tt:html-href($target, $internal, .)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not(ancestor::tei:ref) and not(.//tei:persName | .//tei:placeName | .//tei:orgName | .//tei:name | .//tei:date)">
        <a class="ref" href="{$href}"><xsl:apply-templates/><xsl:if test="empty(node())">{$target}</xsl:if></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ref"><xsl:apply-templates/><xsl:if test="empty(node())">{$target}</xsl:if></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where a TEI pointer leads in the HTML edition: the web, an id on this page, another page of the edition. -->
  <xsl:function name="tt:html-href" as="xs:string?">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="internal" as="element()?"/>
    <xsl:param name="context" as="element()"/>
    <xsl:sequence select="
        if (matches($target, '^(https?|mailto):')) then $target
        else if ($internal and tt:href-of($internal) = tt:href-of($context) and $internal/@xml:id) then '#' || $internal/@xml:id
        else if ($internal and tt:entry-kind($internal) = ('person', 'place', 'organisation', 'event') and $internal/@xml:id)
             then tt:kind-plural(tt:entry-kind($internal)) || '.html#' || $internal/@xml:id
        else if (matches($target, '\.xml(#.*)?$'))
             then replace(tokenize(tt:pointer-href($target, $context), '/')[last()], '\.xml$', '.html')
                  || (substring-after($target, '#')[. ne ''] ! ('#' || .))
        else ()"/>
  </xsl:function>

  <!-- A line break of the source; a newline after it keeps the words apart in the page's text. -->
  <xsl:template name="tt:make-line-break">
    <xsl:param name="in-word" as="xs:boolean"/>
    <xsl:choose>
      <xsl:when test="$in-word"><br class="in-word"/></xsl:when>
      <xsl:otherwise><br/><xsl:text>&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break: its number, a link to the page image when there is one. -->
  <xsl:template name="tt:make-page-break">
    <xsl:param name="number" as="xs:string"/>
    <xsl:param name="image" as="xs:string"/>
    <xsl:variable name="shown" as="xs:string" select="if ($number) then '[' || $number || ']' else '|'"/>
    <xsl:variable name="href" as="xs:string?" select="tt:html-image-src($image, .)"/>
    <xsl:choose>
      <xsl:when test="exists($href)"><a class="pb facs" href="{$href}" title="page break: page image">{$shown}</a></xsl:when>
      <xsl:otherwise><span class="pb" title="page break">{$shown}</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:make-gap">
    <xsl:param name="description" as="xs:string"/>
    <span class="gap" title="text not given by the source{$description ! (': ' || .)[. ne ': ']}">[…]</span>
  </xsl:template>

  <xsl:template name="tt:make-space">
    <xsl:param name="description" as="xs:string"/>
    <span class="space" title="space left blank in the source{$description ! (': ' || .)[. ne ': ']}">&#x2003;&#x2003;</span>
  </xsl:template>

</xsl:stylesheet>

