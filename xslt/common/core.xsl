<?xml version="1.0" encoding="UTF-8"?>
<!--
  What each TEI element of the reading text is: one small template per element (group)
  that calls the interface of interface.xsl. No output markup is written here.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode use-accumulators="#all"/>

  <!-- Not part of the reading text: the header (formats use tt:metadata) and stand-off data. -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile | tei:sourceDoc | tei:fw"/>

  <!-- An interpretative annotation written in the text (span, interp): its words stay, as an annotation in
       parentheses where it stands; a group of them is its annotations. Empty ones carry no text. -->
  <xsl:template match="tei:span[normalize-space()] | tei:interp[normalize-space()]">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'annotation'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:spanGrp | tei:interpGrp">
    <xsl:apply-templates select="tei:span | tei:interp"/>
  </xsl:template>

  <!-- Apparatus that carries no reading text. -->
  <xsl:template match="tei:index | tei:interp | tei:link | tei:linkGrp | tei:join | tei:alt | tei:altGrp
                       | tei:span | tei:certainty | tei:precision | tei:respons | tei:milestone | tei:cb | tei:gb | tei:anchor
                       | tei:divGen | tei:shift
                       | tei:handShift | tei:addSpan | tei:delSpan | tei:damageSpan | tei:modSpan | tei:substJoin | tei:witStart
                       | tei:witEnd | tei:lacunaStart | tei:lacunaEnd | tei:variantEncoding"/>

  <xsl:template match="tei:TEI">
    <xsl:apply-templates select="tei:text">
      <xsl:with-param name="tt:below-passage" tunnel="yes" select="false()"/><!-- see tt:is-passage -->
    </xsl:apply-templates>
  </xsl:template>

  <!-- Structure -->
  <xsl:template match="tei:text | tei:group">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'text'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="local-name()"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'division'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:floatingText">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'floating-text'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:call-template name="tt:make-heading"><xsl:with-param name="level" select="tt:heading-level(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'paragraph'"/></xsl:call-template>
  </xsl:template>

  <!-- Verse and drama -->
  <xsl:template match="tei:lg">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'line-group'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:l">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'verse-line'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:sp">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'speech'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:spGrp">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'speech-group'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'speaker'"/></xsl:call-template>
  </xsl:template>

  <!-- A stage direction between speeches or lines is a block; inside a line or paragraph it is inline. -->
  <xsl:template match="tei:stage">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'stage'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:p//tei:stage | tei:l//tei:stage | tei:ab//tei:stage | tei:head//tei:stage | tei:speaker//tei:stage
                       | tei:castItem//tei:stage" priority="1">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'stage'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:castList">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'cast-list'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:castGroup">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'cast-group'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:castItem">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'cast-item'"/></xsl:call-template>
  </xsl:template>

  <!-- A role and its description written together ("<role>Claudius</role><roleDesc>king of Denmark</roleDesc>")
       are kept apart by a comma, as a cast list prints them. -->
  <xsl:template match="tei:role | tei:roleDesc">
    <xsl:if test="self::tei:roleDesc and preceding-sibling::node()[1][self::tei:role] and not(matches(string(.), '^[\s,;:.(]'))">
      <xsl:text>, </xsl:text>
    </xsl:if>
    <xsl:call-template name="tt:make-inline">
      <xsl:with-param name="role" select="if (self::tei:role) then 'role' else 'role-description'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Title pages and the parts around a text -->
  <xsl:template match="tei:titlePage | tei:docTitle | tei:titlePart | tei:docAuthor | tei:docImprint | tei:docDate
                       | tei:docEdition | tei:byline | tei:epigraph | tei:trailer | tei:opener | tei:closer | tei:dateline
                       | tei:salute | tei:signed | tei:argument | tei:postscript">
    <xsl:call-template name="tt:make-block">
      <xsl:with-param name="role" select="replace(local-name(), '([a-z])([A-Z])', '$1-$2') => lower-case()
                                          => replace('^doc-edition$', 'doc-date')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Lists, tables, figures -->
  <xsl:template match="tei:list | tei:listBibl">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'list'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'item'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct" priority="2">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'bibliography-entry'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:table | tei:row | tei:cell">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="local-name()"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:figure">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'figure'"/></xsl:call-template>
  </xsl:template>

  <!-- The title of a figure is its caption, not a heading of the text. -->
  <xsl:template match="tei:figure/tei:head" priority="1">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'figure-title'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:figDesc">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'figure-description'"/></xsl:call-template>
  </xsl:template>

  <!-- Quotations: a block when they hold blocks or stand between blocks, else inline. A cit (a quotation
       with its citation) is a block only when its quotation is one: a quotation run into a paragraph stays
       in it with its citation and the punctuation that follows, never split off as a block of its own. -->
  <xsl:template match="tei:quote | tei:cit">
    <xsl:variable name="holds-blocks" as="xs:boolean"
        select="if (self::tei:cit) then (some $quote in tei:quote satisfies tt:has-block-content($quote))
                else tt:has-block-content(.)"/>
    <xsl:choose>
      <xsl:when test="$holds-blocks or parent::tei:div or parent::tei:body or parent::tei:sp or parent::tei:back or parent::tei:front">
        <xsl:call-template name="tt:make-block">
          <xsl:with-param name="role" select="if (self::tei:cit) then 'citation-block' else 'quotation'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tt:make-inline">
          <xsl:with-param name="role" select="if (self::tei:cit) then 'segment' else 'quotation'"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Phrases -->
  <xsl:template match="tei:hi | tei:emph">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'emphasis'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:foreign | tei:term | tei:mentioned | tei:gi | tei:att | tei:title | tei:label | tei:bibl
                       | tei:time | tei:code | tei:ident | tei:val | tei:tag | tei:idno | tei:email">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="local-name()"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:q | tei:said">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'quotation'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:soCalled | tei:distinct">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'so-called'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:citedRange | tei:biblScope">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'cited-range'"/></xsl:call-template>
  </xsl:template>

  <!-- The setting of a play (set), and the parts of a bibliographic reference written in the text. -->
  <xsl:template match="tei:set">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'stage'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:author | tei:editor | tei:publisher | tei:pubPlace | tei:imprint | tei:monogr | tei:analytic
                       | tei:series | tei:edition | tei:extent | tei:textLang | tei:respStmt | tei:resp | tei:relatedItem
                       | tei:biblStruct | tei:msName | tei:repository | tei:collection | tei:institution | tei:altIdentifier">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'segment'"/></xsl:call-template>
  </xsl:template>

  <!-- Transcribed speech: utterances are speeches; what happens beside them is a stage direction; a pause, a dash. -->
  <xsl:template match="tei:u">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'speech'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:vocal | tei:kinesic | tei:incident | tei:writing">
    <xsl:text> </xsl:text>
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'stage'"/></xsl:call-template>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:pause">
    <xsl:call-template name="tt:make-space"><xsl:with-param name="description" select="'pause' || (@dur ! (' ' || .))"/></xsl:call-template>
  </xsl:template>

  <!-- Places and events listed in the text (not in a register): a list of entries. -->
  <xsl:template match="tei:text//(tei:listPlace | tei:listEvent | tei:listPerson | tei:listOrg)">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'list'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:text//(tei:listPlace/tei:place | tei:listEvent/tei:event | tei:listPerson/tei:person | tei:listOrg/tei:org)">
    <xsl:call-template name="tt:make-block"><xsl:with-param name="role" select="'item'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:seg | tei:w | tei:pc | tei:c | tei:s | tei:phr | tei:cl | tei:m | tei:g | tei:address | tei:addrLine
                       | tei:geo | tei:location | tei:country | tei:region | tei:settlement | tei:district | tei:bloc
                       | tei:geogName | tei:geogFeat | tei:offset | tei:state | tei:trait | tei:faith | tei:nationality
                       | tei:sex | tei:age | tei:residence | tei:education | tei:occupation | tei:birth | tei:death | tei:desc
                       | tei:population | tei:terrain | tei:climate | tei:relation | tei:listRelation">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'segment'"/></xsl:call-template>
  </xsl:template>

  <!-- Editorial interventions -->
  <xsl:template match="tei:supplied">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'supplied'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:add | tei:del | tei:unclear | tei:sic | tei:corr | tei:abbr | tei:expan | tei:orig | tei:reg
                       | tei:damage | tei:restore | tei:surplus | tei:secl">
    <xsl:call-template name="tt:make-inline">
      <xsl:with-param name="role" select="(map {'add': 'addition', 'del': 'deletion'}(local-name()), local-name())[1]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:choice">
    <xsl:call-template name="tt:make-choice">
      <xsl:with-param name="reading" select="tt:choice-reading(.)"/>
      <xsl:with-param name="original" select="tt:choice-original(.)"/>
      <xsl:with-param name="kind" select="tt:choice-kind(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Names, dates, numbers -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs">
    <xsl:variable name="kind" as="xs:string" select="tt:entity-kind(.)"/>
    <xsl:choose>
      <xsl:when test="$kind ne '' and ancestor::tei:text">
        <xsl:call-template name="tt:make-entity">
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="entry" select="tt:entity-entry(.)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'name'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date">
    <xsl:choose>
      <xsl:when test="ancestor::tei:text and tt:has-date-value(.)">
        <xsl:call-template name="tt:make-date"><xsl:with-param name="value" select="tt:format-date(.)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'time'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:num">
    <xsl:call-template name="tt:make-number"><xsl:with-param name="value" select="tt:format-number(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:measure | tei:measureGrp">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'measure'"/></xsl:call-template>
  </xsl:template>

  <!-- Notes, citations, links, breaks -->
  <xsl:template match="tei:note">
    <xsl:call-template name="tt:make-note-marker"><xsl:with-param name="label" select="tt:note-label(.)"/></xsl:call-template>
  </xsl:template>

  <!-- A note inside a note is no note of its own (tt:notes): its text stays where it is, as a parenthesis. -->
  <xsl:template match="tei:note[ancestor::tei:note]" priority="1">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'nested-note'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:bibl[tt:is-citation(.)]" priority="1">
    <xsl:call-template name="tt:make-citation"><xsl:with-param name="works" select="tt:cited-works(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="target" as="xs:string" select="normalize-space(tokenize(normalize-space(@target))[1])"/>
    <xsl:call-template name="tt:make-link">
      <xsl:with-param name="target" select="if ($target) then tt:expand-pointer($target, .) else ''"/>
      <xsl:with-param name="internal" select="if ($target) then tt:resolve-pointer($target, .) else ()"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
