<?xml version="1.0" encoding="UTF-8"?>
<!-- The page of one document: metadata, contents, reading text, notes, embedded register entries. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/">
    <xsl:variable name="tei" as="element()" select="tt:tei-of(.)"/>
    <xsl:call-template name="tt:html-page">
      <xsl:with-param name="title" select="tt:title(.)"/>
      <xsl:with-param name="language" select="tt:language($tei)"/>
      <xsl:with-param name="body" as="node()*">
        <article class="document">
          <xsl:call-template name="tt:document-header"/>
          <xsl:call-template name="tt:table-of-contents"/>
          <div class="reading-text"><xsl:apply-templates select="$tei/tei:text"/></div>
          <xsl:call-template name="tt:notes-section"/>
          <xsl:call-template name="tt:apparatus-section"/>
          <xsl:call-template name="tt:facsimile-section"/>
        </article>
      </xsl:with-param>
      <xsl:with-param name="after-main" as="node()*">
        <xsl:call-template name="tt:embedded-entries"><xsl:with-param name="scope" select="."/></xsl:call-template>
        <div id="popover" class="popover" role="tooltip" hidden="hidden"></div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="tt:document-header">
    <header class="document-header">
      <h1>{tt:title(.)}</h1>
      <details class="metadata-panel" lang="{$ui-language}">
        <summary>About this document</summary>
        <dl class="metadata">
          <xsl:for-each select="tt:metadata(.)">
            <dt>{@label}</dt>
            <dd>
              <xsl:if test="@lang ne ''"><xsl:attribute name="lang" select="@lang"/></xsl:if>
              <xsl:value-of select="."/>
              <xsl:if test="matches(@target, '^https?://')"> (<a href="{@target}">{replace(@target, '^https?://', '')}</a>)</xsl:if>
            </dd>
          </xsl:for-each>
        </dl>
      </details>
    </header>
  </xsl:template>

  <!-- Section navigation: every division with a heading, nested as the divisions are. -->
  <xsl:template name="tt:table-of-contents">
    <xsl:variable name="top" as="element()*" select="tt:tei-of(.)/tei:text/(tei:front, tei:body, tei:back)/*[matches(local-name(), '^div\d?$')][.//tei:head]"/>
    <xsl:if test="exists($top)">
      <nav class="toc" aria-label="Contents" lang="{$ui-language}">
        <h2>Contents</h2>
        <xsl:call-template name="tt:toc-list"><xsl:with-param name="divisions" select="$top"/></xsl:call-template>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tt:toc-list">
    <xsl:param name="divisions" as="element()*"/>
    <ol>
      <xsl:for-each select="$divisions">
        <li>
          <a href="#{(@xml:id, tt:section-id(.))[1]}">
<xsl:if test="tei:head[1]/@xml:lang"><xsl:attribute name="lang" select="tei:head[1]/@xml:lang"/></xsl:if>
            <xsl:value-of select="(tei:head[1] ! tt:heading-text(.), @type ! ('[' || . || ']'), '§')[. ne ''][1]"/>
          </a>
          <xsl:variable name="children" as="element()*" select="*[matches(local-name(), '^div\d?$')][.//tei:head]"/>
          <xsl:if test="exists($children)">
            <xsl:call-template name="tt:toc-list"><xsl:with-param name="divisions" select="$children"/></xsl:call-template>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template name="tt:notes-section">
    <xsl:variable name="notes" as="element(tei:note)*" select="tt:notes(.)"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-label="Notes">
        <h2 lang="{$ui-language}">Notes</h2><xsl:text>&#10;</xsl:text>
        <ol>
          <xsl:for-each select="$notes">
            <li id="note-{tt:note-number(.)}" value="{tt:note-number(.)}">
              <xsl:call-template name="tt:html-attributes"/>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text><a class="note-back" href="#noteref-{tt:note-number(.)}" aria-label="back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
