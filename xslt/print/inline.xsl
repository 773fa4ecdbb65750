<?xml version="1.0" encoding="UTF-8"?>
<!-- Phrase level: text, highlighting, names, dates and numbers, notes, choice, editorial additions, links. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Every character of the document reaches Typst through tp:markup. -->
  <xsl:template match="text()">
    <xsl:value-of select="tp:markup(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>

  <!-- Typst wrappers for the tokens of hi/@rend (several may combine); no known token: italic. -->
  <xsl:variable name="tp:rendition-wrappers" as="map(xs:string, xs:string)" select="map {
      'italic': 'emph', 'i': 'emph', 'italics': 'emph', 'bold': 'strong', 'b': 'strong',
      'sup': 'super', 'superscript': 'super', 'sub': 'sub', 'subscript': 'sub',
      'smallcaps': 'smallcaps', 'small-caps': 'smallcaps', 'sc': 'smallcaps',
      'underline': 'underline', 'u': 'underline', 'strikethrough': 'strike', 'line-through': 'strike',
      'spaced': 'text.with(tracking: 0.15em)', 'letterspace': 'text.with(tracking: 0.15em)',
      'roman': 'text.with(style: &quot;normal&quot;)', 'normal': 'text.with(style: &quot;normal&quot;)'}"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <xsl:function name="tp:wrappers" as="xs:string+">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="tokens" as="xs:string*"
        select="tokenize(lower-case(normalize-space(string-join(($element/@rend, $element/@rendition ! replace(., '#', '')), ' '))))"/>
    <xsl:variable name="known" as="xs:string*" select="$tokens[map:contains($tp:rendition-wrappers, .)] ! $tp:rendition-wrappers(.)"
        xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    <xsl:sequence select="if (exists($known)) then distinct-values($known) else 'emph'"/>
  </xsl:function>

  <xsl:template match="tei:hi">
    <xsl:variable name="wrappers" as="xs:string+" select="tp:wrappers(.)"/>
    <xsl:text>{string-join($wrappers ! ('#' || . || '['), '')}</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>{string-join($wrappers ! ']', '')}</xsl:text>
  </xsl:template>

  <xsl:template match="tei:emph | tei:foreign | tei:term | tei:mentioned | tei:title | tei:gloss[not(ancestor::tei:list)]">
    <xsl:text>#emph[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:soCalled">
    <xsl:text>“</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>”</xsl:text>
  </xsl:template>

  <!-- Elements whose content is read as it stands. -->
  <xsl:template match="tei:date | tei:time | tei:num | tei:measure | tei:measureGrp | tei:seg | tei:w | tei:c | tei:pc
                       | tei:q | tei:quote | tei:said | tei:cit | tei:orgName | tei:roleName | tei:forename | tei:surname
                       | tei:addName | tei:genName | tei:nameLink | tei:settlement | tei:region | tei:country | tei:bloc
                       | tei:district | tei:geogName | tei:geogFeat | tei:offset | tei:address | tei:addrLine | tei:street
                       | tei:email | tei:affiliation | tei:bibl | tei:biblStruct | tei:analytic | tei:monogr | tei:imprint
                       | tei:citedRange | tei:biblScope | tei:author | tei:editor | tei:publisher | tei:pubPlace
                       | tei:idno | tei:edition | tei:series | tei:respStmt | tei:resp | tei:add | tei:unclear | tei:damage
                       | tei:restore | tei:secl | tei:handShift | tei:subst | tei:mod | tei:retrace | tei:span
                       | tei:docTitle | tei:docAuthor | tei:docDate | tei:docImprint | tei:persName | tei:placeName
                       | tei:name | tei:rs | tei:reg | tei:expan | tei:corr | tei:orig | tei:abbr | tei:sic | tei:ex | tei:am
                       | tei:unit | tei:quantity | tei:ident | tei:code | tei:gi | tei:att | tei:val | tei:tag | tei:distinct">
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:apply-templates/>
    <xsl:if test="not($in-heading) and tp:is-name(.)">
      <xsl:value-of select="tp:marks(.)"/>
    </xsl:if>
  </xsl:template>

  <!-- Deletions stay readable, struck through. -->
  <xsl:template match="tei:del | tei:surplus">
    <xsl:text>#strike[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- Words the editor supplies, in square brackets. -->
  <xsl:template match="tei:supplied">
    <xsl:text>#tt-supplied[</xsl:text>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:text>#tt-gap()</xsl:text>
  </xsl:template>

  <xsl:template match="tei:space">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!--
    choice: the editorial form (corr, reg, expan) in the text, the source's form (sic, orig,
    abbr) in a footnote, so that neither is lost.
  -->
  <xsl:template match="tei:choice">
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="shown" as="element()?" select="(tei:corr, tei:reg, tei:expan, tei:seg, *)[1]"/>
    <xsl:apply-templates select="$shown"/>
    <xsl:variable name="others" as="element()*" select="* except $shown"/>
    <xsl:if test="exists($others) and not($in-heading) and empty(ancestor::tei:note)">
      <xsl:text>#footnote[</xsl:text>
      <xsl:for-each select="$others">
        <xsl:if test="position() gt 1">; </xsl:if>
        <xsl:text>{tp:markup(local-name() || ': ')}</xsl:text>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Notes: footnotes; a note inside a note or a heading stays in parentheses where it is. -->
  <xsl:template match="tei:note">
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$in-heading"/>
      <xsl:when test="ancestor::tei:note">
        <xsl:text> \(</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>\)</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#footnote[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Links: web addresses become PDF links; other targets are kept as text. -->
  <xsl:function name="tp:is-web-address" as="xs:boolean">
    <xsl:param name="target" as="xs:string"/>
    <xsl:sequence select="matches($target, '^https?://[^\s]+$')"/>
  </xsl:function>

  <xsl:template match="tei:ref">
    <xsl:variable name="target" as="xs:string" select="normalize-space(tokenize(normalize-space(@target))[1])"/>
    <xsl:choose>
      <xsl:when test="tp:is-web-address($target)">
        <xsl:text>#link({tp:string($target)})[</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ptr">
    <xsl:variable name="target" as="xs:string" select="normalize-space(@target)"/>
    <xsl:choose>
      <xsl:when test="tp:is-web-address($target)">
        <xsl:text>#link({tp:string($target)})</xsl:text>
      </xsl:when>
      <xsl:otherwise>{tp:markup($target)}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Line breaks of the source separate words unless @break="no". -->
  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Page breaks of the source: a small [n] inside running text, nothing between blocks. -->
  <xsl:template match="tei:pb">
    <xsl:param name="in-heading" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="@n and not($in-heading) and not(tp:stands-alone(.))">
      <xsl:text>#tt-page-break({tp:content(@n)})</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:cb | tei:milestone | tei:anchor | tei:index | tei:fw[@type = ('catch', 'sig')]
                       | tei:interp | tei:interpGrp | tei:link | tei:linkGrp | tei:timeline | tei:alt | tei:altGrp
                       | tei:certainty | tei:precision | tei:respons | tei:join | tei:joinGrp"/>

  <xsl:template match="tei:fw">
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
