<?xml version="1.0" encoding="UTF-8"?>
<!--
  The search page ($page = 'search'): a form (words, document, kind of name) that assets/search.js
  answers from the static index teitools.render.search writes into search/. The form is a plain GET
  form, so the search box of every page (html-page.xsl) and a bookmarked query lead here.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="document-node()[$page = 'search']" priority="2">
    <xsl:call-template name="tt:html-page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="switches" select="false()"/>
      <xsl:with-param name="body" as="node()*">
        <h1>Search</h1>
        <form id="search-form" class="search-form" role="search" aria-label="Search the edition" action="search.html" method="get">
          <p class="search-words">
            <label for="search-q">Words</label>
            <input type="search" id="search-q" name="q" autocomplete="off"/>
            <button type="submit">Search</button>
          </p>
          <p class="search-document">
            <label for="search-document">Document</label>
            <select id="search-document" name="document">
              <option value="">All documents</option>
              <xsl:for-each select="tt:corpus/tt:document">
                <option value="{@slug}" lang="{@lang}">{@title}</option>
              </xsl:for-each>
            </select>
          </p>
          <fieldset class="search-kinds">
            <legend>In</legend>
            <label><input type="radio" name="kind" value="" checked="checked"/> all the text</label>
            <xsl:for-each select="tokenize($register-kinds), 'date'">
              <label><input type="radio" name="kind" value="{.}"/>{' '}<span class="ent ent-{.}">{tt:kind-plural(.)}</span></label>
            </xsl:for-each>
          </fieldset>
        </form>
        <p id="search-status" class="search-status" role="status" aria-live="polite"></p>
        <noscript><p>The search runs in the browser: it needs JavaScript.</p></noscript>
        <ol id="search-results" class="search-results"></ol>
        <p><button type="button" id="search-more" class="search-more" hidden="hidden">More results</button></p>
      </xsl:with-param>
      <xsl:with-param name="after-main" as="node()*">
        <script src="{$assets}search.js"></script>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
