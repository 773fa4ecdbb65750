<?xml version="1.0" encoding="UTF-8"?>
<!--
  The last pass over the whole book (mode ttp:check-links): every id is unique within its file
  (the first keeps it), every link inside the book leads to a file of the book and to an id that
  exists there (else it becomes a span and the text stays), and no link is nested in another.
  Whatever the TEI holds (pointers to elements that have no place in the edition, ids the
  edition also makes), the book has no broken link.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns:h="http://www.w3.org/1999/xhtml"
    xmlns:epub="http://www.idpf.org/2007/ops"
    exclude-result-prefixes="#all">

  <xsl:mode name="ttp:check-links" on-no-match="shallow-copy"/>

  <xsl:key name="ttp:html-id" match="h:*[@id]" use="string(@id)"/>

  <xsl:template match="h:*/@id" mode="ttp:check-links">
    <xsl:if test="key('ttp:html-id', string(.), ancestor::tt:file)[1] is ..">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="h:a[@href]" mode="ttp:check-links">
    <xsl:choose>
      <xsl:when test="ancestor::h:a or not(ttp:resolves(string(@href), ancestor::tt:file))">
        <span xmlns="http://www.w3.org/1999/xhtml">
          <xsl:apply-templates select="@* except (@href, @role, @epub:type, @rel, @aria-label)" mode="ttp:check-links"/>
          <xsl:apply-templates mode="ttp:check-links"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
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
