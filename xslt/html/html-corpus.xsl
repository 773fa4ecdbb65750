<?xml version="1.0" encoding="UTF-8"?>
<!--
  Corpus pages: the index, one register page per kind (with back-links to every occurrence), the
  chronology. They read the documents' summaries (summary.xsl), never the documents:
  <tt:corpus><tt:document href="…" slug="…" lang="…" title="…">…</tt:document>…</tt:corpus>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$page = 'index'"><xsl:call-template name="tt:index-page"/></xsl:when>
      <xsl:when test="$page = 'chronology'"><xsl:call-template name="tt:chronology-page"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="tt:register-page"><xsl:with-param name="kind" select="$page"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The front door: the edition's title and introduction (from the headers), then each document with its
       author, date, source and abstract. -->
  <xsl:template name="tt:index-page">
    <xsl:variable name="documents" as="element(tt:document)*" select="tt:corpus/tt:document"/>
    <xsl:variable name="series" as="element(tt:series)*" select="($documents/tt:series[@lang = $ui-language], $documents/tt:series)"/>
    <xsl:variable name="title" as="xs:string" select="($series[1] ! string(), 'Edition')[1]"/>
    <xsl:call-template name="tt:html-page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="switches" select="false()"/>
      <xsl:with-param name="body" as="node()*">
        <h1>
          <xsl:if test="$series[1]/@lang ne ''"><xsl:attribute name="lang" select="$series[1]/@lang"/></xsl:if>
          <xsl:value-of select="$title"/>
        </h1>
        <xsl:for-each select="distinct-values($series ! string())[. ne $title]">
          <p class="subtitle" lang="{($series[string(.) = current()]/@lang)[1]}">{.}</p>
        </xsl:for-each>
        <xsl:variable name="introduction" as="element(tt:project)?" select="($documents/tt:project[*])[1]"/>
        <xsl:if test="$introduction">
          <section class="introduction" aria-label="Introduction">
            <xsl:apply-templates select="$introduction/*"/>
          </section>
        </xsl:if>
        <h2>Documents</h2>
        <ol class="documents">
          <xsl:for-each select="$documents">
            <li lang="{@lang}">
              <article class="document-entry">
                <h3><a href="{@slug}.html">{@title}</a></h3>
                <xsl:variable name="authors" as="xs:string*" select="tt:author ! string()"/>
                <dl class="document-facts" lang="{$ui-language}">
                  <xsl:if test="exists($authors)"><dt>Author</dt><dd lang="{@lang}">{string-join($authors, '; ')}</dd></xsl:if>
                  <xsl:for-each select="tt:text-date"><dt>Date</dt><dd>{.}</dd></xsl:for-each>
                  <xsl:for-each select="tt:source"><dt>Source</dt><dd lang="{@lang}">{.}</dd></xsl:for-each>
                </dl>
                <xsl:variable name="abstract" as="element(tt:abstract)?"
                    select="(tt:abstract[@lang = $ui-language], tt:abstract[@lang = current()/@lang], tt:abstract)[1]"/>
                <xsl:if test="$abstract[normalize-space(.)]">
                  <p class="abstract" lang="{$abstract/@lang}">{tt:first-words($abstract, 60)}</p>
                </xsl:if>
              </article>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- At most $count words of a text, with "…" when it is cut. -->
  <xsl:function name="tt:first-words" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="count" as="xs:integer"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize(normalize-space($text))"/>
    <xsl:sequence select="string-join($words[position() le $count], ' ') || (if (count($words) gt $count) then ' …' else '')"/>
  </xsl:function>

  <xsl:template name="tt:register-page">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="corpus" as="document-node()" select="."/>
    <xsl:variable name="register" as="element()?" select="tt:registers-of-kind($kind)[1]"/>
    <xsl:call-template name="tt:html-page">
      <xsl:with-param name="title" select="tt:kind-heading($kind)"/>
      <xsl:with-param name="language" select="($register ! tt:language(.), $ui-language)[1]"/>
      <xsl:with-param name="switches" select="false()"/>
      <xsl:with-param name="body" as="node()*">
        <h1 lang="{$ui-language}">{tt:kind-heading($kind)}</h1>
        <xsl:for-each select="tt:register-entries($kind)">
          <xsl:sort select="tt:sort-key(.)"/>
          <section class="entry" data-kind="{$kind}" id="{@xml:id}">
            <xsl:call-template name="tt:entry-summary"><xsl:with-param name="heading" select="true()"/></xsl:call-template>
            <xsl:call-template name="tt:entry-occurrences"><xsl:with-param name="corpus" select="$corpus"/></xsl:call-template>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:key name="tt:occurrences-by-entry" match="tt:document/tt:name" use="string(@key)"/>

  <!-- Back-links to every occurrence of the entry, grouped by document: each a few words either side
       (keyword in context), linking to the exact place. -->
  <xsl:template name="tt:entry-occurrences">
    <xsl:param name="corpus" as="document-node()"/>
    <xsl:variable name="occurrences" as="element(tt:name)*" select="key('tt:occurrences-by-entry', tt:entry-key(.), $corpus)"/>
    <xsl:choose>
      <xsl:when test="empty($occurrences)">
        <p class="no-occurrence" lang="{$ui-language}">No occurrence in the edition.</p>
      </xsl:when>
      <xsl:otherwise>
        <ul class="occurrences">
          <xsl:for-each-group select="$occurrences" group-by="../@slug">
            <xsl:variable name="count" as="xs:integer" select="count(current-group())"/>
            <li>
              <a class="document-link" href="{current-grouping-key()}.html" lang="{../@lang}">{../@title}</a>
              <span class="occurrence-count" lang="{$ui-language}"> ({$count} {if ($count eq 1) then 'occurrence' else 'occurrences'})</span>
              <ol class="kwic" lang="{../@lang}">
                <xsl:for-each select="current-group()">
                  <li><a class="occurrence" href="{current-grouping-key()}.html#{@id}"><span class="kwic-before"
                      >{if (@before ne '') then '… ' || @before else ''}</span><mark>{string(.)}</mark><span
                      class="kwic-after">{if (@after ne '') then @after || ' …' else ''}</span></a></li>
                </xsl:for-each>
              </ol>
            </li>
          </xsl:for-each-group>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:chronology-page">
    <xsl:variable name="dates" as="element(tt:date)*" select="tt:corpus/tt:document/tt:date"/>
    <xsl:call-template name="tt:html-page">
      <xsl:with-param name="title" select="'Chronology'"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="switches" select="false()"/>
      <xsl:with-param name="body" as="node()*">
        <h1>Chronology</h1>
        <xsl:choose>
          <xsl:when test="empty($dates)"><p>No tagged dates in the text of the edition.</p></xsl:when>
          <xsl:otherwise>
            <!-- one row per date (start and end), its mentions grouped by document, each linking to its place -->
            <table class="chronology">
              <thead><tr><th scope="col">Date</th><th scope="col">Mentions</th></tr></thead>
              <tbody>
                <xsl:for-each-group select="$dates" group-by="string(@start) || '/' || string(@end)">
                  <xsl:sort select="string(@start)"/>
                  <xsl:sort select="string(@end)"/>
                  <tr id="date-{replace(current-grouping-key(), '[^0-9A-Za-z-]', '_')}" data-date="{@start}">
                    <td>{@label}</td>
                    <td>
                      <xsl:for-each-group select="current-group()" group-by="string(../@slug)">
                        <xsl:sort select="tt:collation-key(string(../@title), string(../@lang))"/>
                        <xsl:variable name="slug" as="xs:string" select="current-grouping-key()"/>
                        <p class="mentions">
                          <a class="document-link" href="{$slug}.html" lang="{../@lang}">{../@title}</a>:
                          <xsl:for-each select="current-group()">
                            <a id="{$slug}-{@id}" href="{$slug}.html#{@id}" lang="{@lang}">{string(.)}</a>
                            <xsl:if test="position() ne last()">; </xsl:if>
                          </xsl:for-each>
                        </p>
                      </xsl:for-each-group>
                    </td>
                  </tr>
                </xsl:for-each-group>
              </tbody>
            </table>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
