<?xml version="1.0" encoding="UTF-8"?>
<!--
  The last pass over the whole book (mode ttp:repair), so that epubcheck finds no error
  whatever the TEI holds:
  - every id is unique within its file (the first keeps it);
  - every link inside the book leads to a file of the book and to an id that exists there (a
    pointer to another document or to an element the edition does not show becomes a span, and
    its text stays); no link is nested in another; links to the web are written as URIs;
  - the XHTML content model holds: a block inside a phrase (a paragraph in a highlighted phrase,
    a list in a paragraph) becomes a span, a list item, row or cell out of its list or table a
    div, text directly in a list an item; a lang attribute that is no language tag is dropped.
  The HTML hooks write what a browser accepts; an ePub reading system wants valid XHTML.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns:h="http://www.w3.org/1999/xhtml"
    xmlns:epub="http://www.idpf.org/2007/ops"
    exclude-result-prefixes="#all">

  <xsl:mode name="ttp:repair" on-no-match="shallow-copy"/>

  <xsl:key name="ttp:html-id" match="h:*[@id]" use="string(@id)"/>

  <xsl:template match="h:*/@id" mode="ttp:repair">
    <xsl:if test="key('ttp:html-id', string(.), ancestor::tt:file)[1] is ..">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="h:a[@href]" mode="ttp:repair">
    <xsl:choose>
      <xsl:when test="ancestor::h:a or not(ttp:resolves(string(@href), ancestor::tt:file))">
        <xsl:call-template name="ttp:renamed"><xsl:with-param name="name" select="'span'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Elements whose content may only be phrasing content (a, ins and del are transparent: a is counted, to be safe). -->
  <xsl:variable name="ttp:phrasing-only" as="xs:string+" select="('p', 'span', 'a', 'em', 'strong', 'i', 'b', 'u', 's',
      'small', 'cite', 'q', 'dfn', 'abbr', 'code', 'var', 'samp', 'kbd', 'sub', 'sup', 'mark', 'time', 'data', 'bdi',
      'bdo', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dt', 'label', 'legend', 'summary', 'ruby', 'rt', 'rp')"/>

  <!-- Elements that are flow content only, never phrasing. -->
  <xsl:variable name="ttp:flow-only" as="xs:string+" select="('div', 'p', 'section', 'article', 'aside', 'nav', 'header',
      'footer', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'tbody', 'thead', 'tfoot', 'tr',
      'td', 'th', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'address', 'main')"/>

  <xsl:template match="h:*[local-name() = $ttp:flow-only][ancestor::h:*[local-name() = $ttp:phrasing-only]]"
      mode="ttp:repair" priority="3">
    <xsl:call-template name="ttp:renamed"><xsl:with-param name="name" select="'span'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="h:li[not(parent::h:ul or parent::h:ol)] | h:tr[not(parent::h:table or parent::h:tbody or parent::h:thead
                       or parent::h:tfoot)] | (h:td | h:th)[not(parent::h:tr)]
                       | h:figcaption[not(parent::h:figure) or (preceding-sibling::* and following-sibling::*)]"
      mode="ttp:repair" priority="2">
    <xsl:call-template name="ttp:renamed"><xsl:with-param name="name" select="'div'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="(h:ul | h:ol)/text()[normalize-space()]" mode="ttp:repair">
    <li xmlns="http://www.w3.org/1999/xhtml" class="list-other"><xsl:copy/></li>
  </xsl:template>

  <xsl:template match="h:*/@lang[not(ttp:is-language-tag(.)) and . ne '']" mode="ttp:repair"/>

  <xsl:template match="h:a/@href[matches(., '^(https?|mailto):')]" mode="ttp:repair">
    <xsl:attribute name="href" select="iri-to-uri(.)"/>
  </xsl:template>

  <!-- The element as $name (XHTML), with its attributes and content; the attributes only its own role allows go. -->
  <xsl:template name="ttp:renamed">
    <xsl:param name="name" as="xs:string"/>
    <xsl:element name="{$name}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:apply-templates select="@* except (@href, @role, @epub:type, @rel, @aria-label, @aria-labelledby, @value,
                                              @colspan, @rowspan, @scope)" mode="ttp:repair"/>
      <xsl:apply-templates mode="ttp:repair"/>
    </xsl:element>
  </xsl:template>

  <!-- True if $href, written in $file, leads outside the book or to a file (and id) of the book. -->
  <xsl:function name="ttp:resolves" as="xs:boolean">
    <xsl:param name="href" as="xs:string"/>
    <xsl:param name="file" as="element(tt:file)"/>
    <xsl:variable name="path" as="xs:string" select="substring-before($href || '#', '#')"/>
    <xsl:variable name="fragment" as="xs:string" select="substring-after($href, '#')"/>
    <xsl:variable name="target" as="element(tt:file)?"
        select="if ($path = '') then $file else root($file)/tt:book/tt:file[@path = $ttp:package-folder || $path]"/>
    <xsl:sequence select="
        if (matches($href, '^[A-Za-z][A-Za-z0-9+.\-]*:')) then true()
        else if ($path = $source-href) then $fragment = ''
        else exists($target) and ($fragment = '' or exists(key('ttp:html-id', $fragment, $target)))"/>
  </xsl:function>

</xsl:stylesheet>
