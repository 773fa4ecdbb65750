<?xml version="1.0" encoding="UTF-8"?>
<!--
  Marked names and dates: <span class="ent ent-KIND" id="occ-N" data-entry="entry-ID">, with a link
  to the register page (or the chronology) unless a marked name inside it carries the link.
  The register entries a page points to are embedded in the page (tt:embedded-entries) for the popover.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- $slug of the page being written: the chronology links back with it. -->
  <xsl:function name="tt:page-slug" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" as="element()?" select="tt:tei-of($node)"/>
    <xsl:sequence select="if ($tei/@tt:slug) then string($tei/@tt:slug)
        else replace(tokenize($document-href, '/')[last()], '\.[^.]*$', '')"/>
  </xsl:function>

  <xsl:template name="tt:make-entity">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="page" as="xs:string?"
        select="if ($entry/@xml:id and tt:href-of($entry) ne tt:href-of(.) and tt:entry-kind($entry) = ('person', 'place', 'organisation', 'event'))
                then tt:kind-plural(tt:entry-kind($entry)) || '.html#' || $entry/@xml:id else ()"/>
    <xsl:call-template name="tt:entity-span">
      <xsl:with-param name="kind" select="$kind"/>
      <xsl:with-param name="href" select="$page"/>
      <xsl:with-param name="entry-id" select="$entry/@xml:id ! ('entry-' || .)"/>
      <xsl:with-param name="title" select="if ($entry) then tt:entry-label($entry) else ''"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="tt:make-date">
    <xsl:param name="value" as="xs:string"/>
    <xsl:call-template name="tt:entity-span">
      <xsl:with-param name="kind" select="'date'"/>
      <xsl:with-param name="href" select="'chronology.html#' || tt:page-slug(.) || '-' || tt:occurrence-id(.)"/>
      <xsl:with-param name="entry-id" select="()"/>
      <xsl:with-param name="title" select="$value"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The marked span; the link goes on the innermost marked name only (HTML forbids nested links). -->
  <xsl:template name="tt:entity-span">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="href" as="xs:string?"/>
    <xsl:param name="entry-id" as="xs:string?"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="nested" as="xs:boolean"
        select="exists(.//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:date | tei:ref | tei:ptr | tei:note | tei:bibl))
                or exists(ancestor::tei:ref | ancestor::tei:bibl[tt:is-citation(.)])"/>
    <span class="ent ent-{$kind}{if (empty($href) and empty($entry-id)) then ' unresolved' else ''}" id="{tt:occurrence-id(.)}">
      <xsl:if test="$entry-id"><xsl:attribute name="data-entry" select="$entry-id"/></xsl:if>
      <xsl:if test="$title ne ''"><xsl:attribute name="title" select="$title"/></xsl:if>
      <xsl:if test="$kind = 'date'"><xsl:attribute name="data-date" select="tt:date-start(.)"/></xsl:if>
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:choose>
        <xsl:when test="exists($href) and not($nested)">
          <a href="{$href}"><xsl:apply-templates/></a>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
          <xsl:if test="exists($href)"><a class="ent-ref" href="{$href}" aria-label="{$title}">↗</a></xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- The register entries the names of $scope point to, for the popover (hidden; edition.js reads them). -->
  <xsl:template name="tt:embedded-entries">
    <xsl:param name="scope" as="node()"/>
    <xsl:variable name="entries" as="element()*"
        select="($scope//tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[tt:entity-kind(.) ne '']
                 ! tt:entity-entry(.))[@xml:id]/."/>
    <div id="register-entries" hidden="hidden">
      <xsl:for-each select="$entries">
        <xsl:call-template name="tt:entry-card"/>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- A short card of one register entry: label, other spellings, description. -->
  <xsl:template name="tt:entry-card">
    <xsl:variable name="kind" as="xs:string" select="tt:entry-kind(.)"/>
    <div class="entry-card ent-{$kind}" id="entry-{@xml:id}" data-kind="{$kind}">
      <xsl:call-template name="tt:entry-summary"/>
      <xsl:if test="$kind = ('person', 'place', 'organisation', 'event') and tt:href-of(.) ne $document-href">
        <p class="entry-link"><a href="{tt:kind-plural($kind)}.html#{@xml:id}">Register entry and all occurrences</a></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- Label, labelled facts and notes of an entry (shared by the cards and the register pages). -->
  <xsl:template name="tt:entry-summary">
    <xsl:param name="heading" as="xs:boolean" select="false()"/>
    <xsl:variable name="language" as="xs:string" select="tt:language(.)"/>
    <xsl:element name="{if ($heading) then 'h2' else 'p'}">
      <xsl:attribute name="class" select="'entry-label'"/>
      <xsl:if test="$language"><xsl:attribute name="lang" select="$language"/></xsl:if>
      <strong>{tt:entry-label(.)}</strong>
    </xsl:element>
    <xsl:variable name="fields" as="element(tt:field)*" select="tt:entry-fields(.)"/>
    <xsl:if test="exists($fields)">
      <dl class="entry-fields" lang="{$ui-language}">
        <xsl:for-each select="$fields">
          <dt>{@label}</dt>
          <dd>
            <xsl:if test="$language and @name = ('variants', 'occupation', 'affiliation', 'birth', 'death')">
              <xsl:attribute name="lang" select="$language"/>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="@target"><a href="{@target}">{.}</a></xsl:when>
              <xsl:otherwise>{.}</xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
      </dl>
    </xsl:if>
    <xsl:for-each select="tt:entry-notes(.)">
      <p class="entry-note">
        <xsl:call-template name="tt:html-attributes"/>
        <xsl:apply-templates/>
      </p>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
