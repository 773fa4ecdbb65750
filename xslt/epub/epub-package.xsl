<?xml version="1.0" encoding="UTF-8"?>
<!-- The OCF container document and the package document (metadata from the teiHeader, manifest, spine). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="tt:epub-container">
    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
      <rootfiles>
        <rootfile full-path="{$ttp:package-folder}package.opf" media-type="application/oebps-package+xml"/>
      </rootfiles>
    </container>
  </xsl:template>

  <!-- The language of the book: the text's xml:lang, else the first language of its langUsage, else "und". -->
  <xsl:function name="tt:epub-language" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="given" as="xs:string*"
        select="($tei/tei:text[1] ! tt:language(.), tt:language($tei), $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident)
                ! normalize-space(.)"/>
    <xsl:sequence select="($given[ttp:is-language-tag(.)], 'und')[1]"/>
  </xsl:function>

  <!-- True for a well-formed BCP 47 language tag (the shape ePub readers and epubcheck accept). -->
  <xsl:function name="ttp:is-language-tag" as="xs:boolean">
    <xsl:param name="tag" as="xs:string"/>
    <xsl:sequence select="matches($tag, '^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-x(-[A-Za-z0-9]{1,8})+)?$')"/>
  </xsl:function>

  <xsl:template name="tt:epub-package">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:variable name="language" as="xs:string" select="tt:epub-language($tei)"/>
    <xsl:variable name="publication" as="element(tei:publicationStmt)?" select="tt:publication($tei)"/>
    <xsl:variable name="date" as="xs:string?"
        select="($publication/tei:date ! (string(@when), string(@from), string(@notBefore), normalize-space(.)))[matches(., '^\d{4}(-\d{2}(-\d{2})?)?$')][1]"/>
    <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="{$language}">
      <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:identifier id="book-id">{$identifier}</dc:identifier>
        <dc:title id="title">{tt:title($tei)}</dc:title>
        <xsl:for-each select="tt:authors($tei)[. ne '']">
          <dc:creator id="creator-{position()}">{.}</dc:creator>
        </xsl:for-each>
        <dc:language>{$language}</dc:language>
        <xsl:for-each select="$publication/(tei:publisher, tei:authority, tei:distributor)[1][normalize-space(.) ne '']">
          <dc:publisher>{normalize-space(.)}</dc:publisher>
        </xsl:for-each>
        <xsl:if test="$date"><dc:date>{$date}</dc:date></xsl:if>
        <xsl:for-each select="$publication/tei:availability/tei:licence[normalize-space(.) ne '' or @target]">
          <dc:rights>{(normalize-space(.)[. ne ''], string(@target))[1]}</dc:rights>
        </xsl:for-each>
        <meta property="dcterms:modified">{$modified}</meta>
      </metadata>
      <manifest>
        <item id="nav" href="{$tt:epub-navigation}" media-type="application/xhtml+xml" properties="nav"/>
        <item id="css" href="{$css-href}" media-type="text/css"/>
        <item id="title-page" href="{$tt:epub-title-page}" media-type="application/xhtml+xml"/>
        <item id="text" href="{$tt:epub-text}" media-type="application/xhtml+xml"/>
        <xsl:if test="exists($entries)">
          <item id="registers" href="{$tt:epub-registers}" media-type="application/xhtml+xml"/>
        </xsl:if>
        <!-- The TEI is a foreign resource: a reading system that cannot show it shows its fallback, the source as text. -->
        <item id="tei-source" href="{$source-href}" media-type="application/tei+xml" fallback="tei-source-page"/>
        <item id="tei-source-page" href="{$tt:epub-source-page}" media-type="application/xhtml+xml"/>
      </manifest>
      <spine>
        <itemref idref="title-page"/>
        <itemref idref="text"/>
        <xsl:if test="exists($entries)"><itemref idref="registers"/></xsl:if>
        <itemref idref="tei-source" linear="no"/>
      </spine>
    </package>
  </xsl:template>

</xsl:stylesheet>
