<?xml version="1.0" encoding="UTF-8"?>
<!--
  The XHTML content documents (title page, reading text with its footnotes, the TEI source as text)
  and the hooks whose output differs from the HTML edition's: note references are ePub noterefs to
  epub:type="footnote" asides, names link to the register back matter, dates link nowhere (an ePub
  has no chronology), and links stay inside the book.
-->
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

  <!-- One XHTML content document: $title, $language of its content, $type its epub:type, $body. -->
  <xsl:template name="tt:epub-document">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:param name="body" as="node()*"/>
    <html xml:lang="{$language}" lang="{$language}">
      <xsl:namespace name="epub" select="'http://www.idpf.org/2007/ops'"/>
      <head>
        <title>{$title}</title>
        <link rel="stylesheet" type="text/css" href="{$css-href}"/>
      </head>
      <body epub:type="{$type}">
        <xsl:sequence select="$body"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="tt:epub-title-page">
    <xsl:param name="tei" as="element()"/>
    <xsl:call-template name="tt:epub-document">
      <xsl:with-param name="title" select="tt:title($tei)"/>
      <xsl:with-param name="language" select="tt:epub-language($tei)"/>
      <xsl:with-param name="type" select="'frontmatter'"/>
      <xsl:with-param name="body" as="node()*">
        <section class="title-page" epub:type="titlepage">
          <h1>{tt:title($tei)}</h1>
          <dl class="metadata" lang="{$ui-language}" xml:lang="{$ui-language}">
            <xsl:for-each select="tt:metadata($tei)">
              <dt>{@label}</dt>
              <dd>
                <xsl:if test="@lang ne ''"><xsl:attribute name="lang" select="@lang"/></xsl:if>
                <xsl:choose>
                  <xsl:when test="matches(@target, '^https?://')"><a href="{@target}">{.}</a></xsl:when>
                  <xsl:otherwise>{.}</xsl:otherwise>
                </xsl:choose>
              </dd>
            </xsl:for-each>
          </dl>
          <p class="source-link" lang="{$ui-language}" xml:lang="{$ui-language}">
            <xsl:text>The TEI source of this edition: </xsl:text>
            <a href="{$source-href}">{tokenize($source-href, '/')[last()]}</a>
          </p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="tt:epub-text">
    <xsl:param name="tei" as="element()"/>
    <xsl:call-template name="tt:epub-document">
      <xsl:with-param name="title" select="tt:title($tei)"/>
      <xsl:with-param name="language" select="tt:epub-language($tei)"/>
      <xsl:with-param name="type" select="'bodymatter'"/>
      <xsl:with-param name="body" as="node()*">
        <div class="reading-text"><xsl:apply-templates select="$tei/tei:text"/></div>
        <xsl:call-template name="tt:epub-footnotes"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The notes, each an ePub footnote (reading systems show it where its noteref is followed). -->
  <xsl:template name="tt:epub-footnotes">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="notes" as="element(tei:note)*" select="tt:notes($tei)"/>
    <xsl:if test="exists($notes)">
      <section class="notes" id="notes" aria-labelledby="notes-heading">
        <h2 id="notes-heading" lang="{$ui-language}" xml:lang="{$ui-language}">Notes</h2>
        <xsl:for-each select="$notes">
          <aside class="note" id="note-{tt:note-number(.)}" epub:type="footnote" role="doc-footnote">
            <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
            <p class="note-label"><a href="#noteref-{tt:note-number(.)}" role="doc-backlink"
                                     aria-label="back to the text">{tt:note-label(.)}</a></p>
            <div class="note-body"><xsl:apply-templates/></div>
          </aside>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tt:make-note-marker">
    <xsl:param name="label" as="xs:string"/>
    <sup class="note-ref"><a epub:type="noteref" role="doc-noteref" id="noteref-{tt:note-number(.)}"
                             href="#note-{tt:note-number(.)}">{$label}</a></sup>
  </xsl:template>

  <!-- A marked name links to its entry in the register back matter (when the entry is there). -->
  <xsl:template name="tt:make-entity">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:call-template name="tt:entity-span">
      <xsl:with-param name="kind" select="$kind"/>
      <xsl:with-param name="href" select="$entry[tt:is-epub-entry(.)] ! ($tt:epub-registers || '#' || tt:epub-entry-id(.))"/>
      <xsl:with-param name="entry-id" select="()"/>
      <xsl:with-param name="title" select="if ($entry) then tt:entry-label($entry) else ''"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A date keeps its normalised value in its title; an ePub has no chronology to link to. -->
  <xsl:template name="tt:make-date">
    <xsl:param name="value" as="xs:string"/>
    <span class="ent ent-date" id="{tt:occurrence-id(.)}" title="{$value}">
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Where a TEI pointer leads in the book: the web, the reading text, a note, the register back matter; nowhere else. -->
  <xsl:function name="tt:html-href" as="xs:string?">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="internal" as="element()?"/>
    <xsl:param name="context" as="element()"/>
    <xsl:sequence select="
        if (matches($target, '^(https?|mailto):')) then $target
        else if ($internal[tt:is-epub-entry(.)]) then $tt:epub-registers || '#' || tt:epub-entry-id($internal)
        else if ($internal/self::tei:note and tt:href-of($internal) = $document-href)
             then $tt:epub-text || '#note-' || tt:note-number($internal)
        else if ($internal/@xml:id and tt:href-of($internal) = $document-href and $internal/ancestor::tei:text)
             then $tt:epub-text || '#' || $internal/@xml:id
        else ()"/>
  </xsl:function>

  <!-- The TEI source as text: what a reading system that cannot show the TEI file shows instead. -->
  <xsl:template name="tt:epub-source-page">
    <xsl:param name="tei" as="element()"/>
    <xsl:call-template name="tt:epub-document">
      <xsl:with-param name="title" select="'TEI source: ' || tt:title($tei)"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="type" select="'backmatter'"/>
      <xsl:with-param name="body" as="node()*">
        <section class="tei-source" aria-labelledby="source-heading">
          <h1 id="source-heading">TEI source: {tt:title($tei)}</h1>
          <pre><code>{serialize(root($tei), map {'method': 'xml', 'omit-xml-declaration': false(), 'indent': false()})}</code></pre>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Images are not carried into the book yet: a placeholder naming the image, never a broken reference. -->
  <xsl:template name="tt:make-graphic">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="local" as="xs:boolean"/>
    <xsl:param name="description" as="xs:string"/>
    <span class="graphic missing">[image: {$url}]</span>
  </xsl:template>

  <xsl:template name="tt:make-binary-object">
    <xsl:param name="mime-type" as="xs:string"/>
    <span class="binary-object">[embedded {$mime-type}]</span>
  </xsl:template>

</xsl:stylesheet>
