<?xml version="1.0" encoding="UTF-8"?>
<!-- The page frame shared by every HTML page: head, site navigation, entity switches. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:output method="html" version="5.0" encoding="UTF-8" indent="no" html-version="5.0" include-content-type="no"/>

  <!-- A whole page: $title, $language of its content, $body the main content, $switches whether to show the entity switches. -->
  <xsl:template name="tt:html-page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:param name="body" as="node()*"/>
    <xsl:param name="switches" as="xs:boolean" select="true()"/>
    <xsl:param name="after-main" as="node()*" select="()"/>
    <html lang="{($language[. ne ''], $ui-language)[1]}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>{$title}</title>
        <link rel="stylesheet" href="{$assets}edition.css"/>
        <script src="{$assets}edition.js" defer="defer"></script>
      </head>
      <body class="edition no-js">
        <header class="site" lang="{$ui-language}">
          <xsl:call-template name="tt:site-navigation"/>
          <form class="site-search" role="search" aria-label="Site search" action="search.html" method="get">
            <input type="search" name="q" aria-label="Search the edition" placeholder="Search"/>
            <button type="submit">Search</button>
          </form>
          <xsl:if test="$switches"><xsl:call-template name="tt:entity-switches"/></xsl:if>
        </header>
        <main id="main">
          <xsl:sequence select="$body"/>
        </main>
        <xsl:sequence select="$after-main"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="tt:site-navigation">
    <nav class="site-nav" aria-label="Edition">
      <a href="index.html">Edition</a>
      <xsl:for-each select="tokenize($register-kinds)">
        <a href="{tt:kind-plural(.)}.html">{tt:kind-heading(.)}</a>
      </xsl:for-each>
      <a href="chronology.html">Chronology</a>
    </nav>
  </xsl:template>

  <!-- One checkbox per kind of marked entity; edition.js toggles "hide-KIND" on body. -->
  <xsl:template name="tt:entity-switches">
    <div class="switches" role="group" aria-label="Show marked entities">
      <xsl:for-each select="$tt:entity-kinds">
        <label class="switch">
          <input type="checkbox" checked="checked" data-kind="{.}"/>
          <span class="ent ent-{.}">{tt:kind-heading(.)}</span>
        </label>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- "Persons", "Places", … -->
  <xsl:function name="tt:kind-heading" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="plural" as="xs:string" select="tt:kind-plural($kind)"/>
    <xsl:sequence select="upper-case(substring($plural, 1, 1)) || substring($plural, 2)"/>
  </xsl:function>

  <!-- lang and id attributes an HTML element takes over from its TEI element. $passage: whether it is a
       passage, when the caller knows (else asked here, unless the templates are below a passage). -->
  <xsl:template name="tt:html-attributes">
    <xsl:param name="passage" as="xs:boolean?" select="()"/>
    <xsl:param name="tt:below-passage" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="@xml:lang and not(@xml:lang = ancestor::*[@xml:lang][1]/@xml:lang)">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
    <!-- a passage without xml:id gets its passage id: search results link to it (a note has its own) -->
    <xsl:if test="not(@xml:id) and (if (exists($passage)) then $passage else not($tt:below-passage) and not(self::tei:note) and tt:is-passage(.))">
      <xsl:attribute name="id" select="tt:passage-id(.)"/>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
