<?xml version="1.0" encoding="UTF-8"?>
<!-- The navigation document: the table of contents (title page, the divisions of the text, notes, registers, TEI source) and landmarks. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="tt:epub-navigation">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:variable name="divisions" as="element()*" select="ttp:headed-divisions($tei/tei:text/(tei:front, tei:body, tei:back))"/>
    <xsl:call-template name="tt:epub-document">
      <xsl:with-param name="title" select="tt:title($tei)"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="type" select="'frontmatter'"/>
      <xsl:with-param name="body" as="node()*">
        <nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-heading">
          <h1 id="toc-heading">Contents</h1>
          <ol>
            <li><a href="{$tt:epub-title-page}">Title page</a></li>
            <li>
              <a href="{$tt:epub-text}"><xsl:call-template name="ttp:language-of"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>{tt:title($tei)}</a>
              <xsl:if test="exists($divisions)">
                <xsl:call-template name="ttp:division-list"><xsl:with-param name="divisions" select="$divisions"/></xsl:call-template>
              </xsl:if>
            </li>
            <xsl:if test="exists(tt:notes($tei))">
              <li><a href="{$tt:epub-text}#notes">Notes</a></li>
            </xsl:if>
            <xsl:if test="exists($entries)">
              <li>
                <a href="{$tt:epub-registers}">Registers</a>
                <ol>
                  <xsl:for-each select="$ttp:register-kinds[. = $entries ! tt:entry-kind(.)]">
                    <li><a href="{$tt:epub-registers}#register-{.}">{tt:kind-heading(.)}</a></li>
                  </xsl:for-each>
                </ol>
              </li>
            </xsl:if>
            <li><a href="{$source-href}">TEI source</a></li>
          </ol>
        </nav>
        <nav epub:type="landmarks" id="landmarks" hidden="hidden">
          <h2>Landmarks</h2>
          <ol>
            <li><a epub:type="titlepage" href="{$tt:epub-title-page}">Title page</a></li>
            <li><a epub:type="bodymatter" href="{$tt:epub-text}">Text</a></li>
            <xsl:if test="exists($entries)">
              <li><a epub:type="index" href="{$tt:epub-registers}">Registers</a></li>
            </xsl:if>
          </ol>
        </nav>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The divisions below $parents that have a heading somewhere inside. -->
  <xsl:function name="ttp:headed-divisions" as="element()*">
    <xsl:param name="parents" as="element()*"/>
    <xsl:sequence select="$parents/*[matches(local-name(), '^div\d?$')][.//tei:head]"/>
  </xsl:function>

  <xsl:template name="ttp:division-list">
    <xsl:param name="divisions" as="element()+"/>
    <ol>
      <xsl:for-each select="$divisions">
        <li>
          <a href="{$tt:epub-text}#{(@xml:id, tt:section-id(.))[1]}">
            <xsl:if test="tei:head[1]/@xml:lang"><xsl:attribute name="lang" select="tei:head[1]/@xml:lang"/></xsl:if>
            <xsl:value-of select="(tei:head[1] ! tt:heading-text(.), @type ! ('[' || . || ']'), '§')[. ne ''][1]"/>
          </a>
          <xsl:variable name="children" as="element()*" select="ttp:headed-divisions(.)"/>
          <xsl:if test="exists($children)">
            <xsl:call-template name="ttp:division-list"><xsl:with-param name="divisions" select="$children"/></xsl:call-template>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template name="ttp:language-of">
    <xsl:param name="tei" as="element()"/>
    <xsl:if test="tt:epub-language($tei) ne 'und'"><xsl:attribute name="lang" select="tt:epub-language($tei)"/></xsl:if>
  </xsl:template>

</xsl:stylesheet>
