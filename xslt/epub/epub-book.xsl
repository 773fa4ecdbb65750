<?xml version="1.0" encoding="UTF-8"?>
<!--
  The whole book of one text as one element, in which each file is a tt:file with its path in the
  container:

    <tt:book xmlns:tt="urn:teitools">
      <tt:file path="META-INF/container.xml">…</tt:file>
      <tt:file path="EPUB/package.opf">…</tt:file>  nav.xhtml, title.xhtml, text.xhtml,
      …                                             registers.xhtml (if any entry), source.xhtml
    </tt:book>

  teitools/render/epub.py adds the files that are not markup (the TEI source at $source-href, the
  style sheet at $css-href, the mimetype) and zips them. The book is written in full first, then
  every link, id and content model is checked across its files (epub-repair.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- One XML document: the Python side splits it into the files of the book (version: html-page.xsl, imported, says 5.0). -->
  <xsl:output method="xml" version="1.0" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <!-- The folder of the package document and of every content document. -->
  <xsl:variable name="ttp:package-folder" as="xs:string" select="'EPUB/'"/>
  <!-- The content documents, relative to the package document. -->
  <xsl:variable name="tt:epub-title-page" as="xs:string" select="'title.xhtml'"/>
  <xsl:variable name="tt:epub-text" as="xs:string" select="'text.xhtml'"/>
  <xsl:variable name="tt:epub-registers" as="xs:string" select="'registers.xhtml'"/>
  <xsl:variable name="tt:epub-source-page" as="xs:string" select="'source.xhtml'"/>
  <xsl:variable name="tt:epub-navigation" as="xs:string" select="'nav.xhtml'"/>

  <xsl:template match="/">
    <xsl:variable name="tei" as="element()" select="tt:tei-of(.)"/>
    <xsl:variable name="entries" as="element()*" select="tt:epub-entries($tei)"/>
    <xsl:variable name="book" as="document-node()">
      <xsl:document>
        <tt:book>
          <tt:file path="META-INF/container.xml">
            <xsl:call-template name="tt:epub-container"/>
          </tt:file>
          <tt:file path="{$ttp:package-folder}package.opf">
            <xsl:call-template name="tt:epub-package">
              <xsl:with-param name="tei" select="$tei"/>
              <xsl:with-param name="entries" select="$entries"/>
            </xsl:call-template>
          </tt:file>
          <tt:file path="{$ttp:package-folder}{$tt:epub-navigation}">
            <xsl:call-template name="tt:epub-navigation">
              <xsl:with-param name="tei" select="$tei"/>
              <xsl:with-param name="entries" select="$entries"/>
            </xsl:call-template>
          </tt:file>
          <tt:file path="{$ttp:package-folder}{$tt:epub-title-page}">
            <xsl:call-template name="tt:epub-title-page"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </tt:file>
          <tt:file path="{$ttp:package-folder}{$tt:epub-text}">
            <xsl:call-template name="tt:epub-text"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </tt:file>
          <xsl:if test="exists($entries)">
            <tt:file path="{$ttp:package-folder}{$tt:epub-registers}">
              <xsl:call-template name="tt:epub-registers">
                <xsl:with-param name="tei" select="$tei"/>
                <xsl:with-param name="entries" select="$entries"/>
              </xsl:call-template>
            </tt:file>
          </xsl:if>
          <tt:file path="{$ttp:package-folder}{$tt:epub-source-page}">
            <xsl:call-template name="tt:epub-source-page"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
          </tt:file>
        </tt:book>
      </xsl:document>
    </xsl:variable>
    <xsl:apply-templates select="$book" mode="ttp:repair"/>
  </xsl:template>

</xsl:stylesheet>
