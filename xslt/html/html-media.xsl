<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus, formulae, images and embedded data of the HTML edition. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The lemma, the variants in its tooltip, and a marker to the apparatus at the end of the page. -->
  <xsl:template name="tt:make-apparatus">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:param name="label" as="xs:string"/>
    <span class="app" id="app-{$label}">
      <xsl:if test="exists($readings)"><xsl:attribute name="title" select="string-join($readings ! ttp:reading-summary(.), '; ')"/></xsl:if>
      <span class="lem"><xsl:apply-templates select="$lemma/node()"/></span>
      <xsl:if test="exists($readings)">
        <sup class="app-ref"><a href="#appnote-{$label}"><xsl:call-template name="ttp:marker-label"><xsl:with-param name="label" select="$label"/></xsl:call-template></a></sup>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- "variant (B)" or "om. (B)" -->
  <xsl:function name="ttp:reading-summary" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="string-join(((tt:plain-text($reading)[. ne ''], 'om.')[1], tt:witness-label($reading)[. ne ''] ! ('(' || . || ')')), ' ')"/>
  </xsl:function>

  <!-- The apparatus at the end of the page: "a lemma] variant (B); … ↩". -->
  <xsl:template name="tt:apparatus-section">
    <xsl:variable name="entries" as="element(tei:app)*" select="tt:apparatus-entries(.)[exists(tt:apparatus-readings(.))]"/>
    <xsl:if test="exists($entries)">
      <section class="apparatus" aria-label="Apparatus">
        <h2 lang="{$ui-language}">Apparatus</h2><xsl:text>&#10;</xsl:text>
        <ol class="apparatus-entries">
          <xsl:for-each select="$entries">
            <xsl:variable name="label" as="xs:string" select="tt:apparatus-label(.)"/>
            <li id="appnote-{$label}">
              <span class="app-label">{$label}</span><xsl:text> </xsl:text>
              <span class="lem"><xsl:apply-templates select="tt:apparatus-lemma(.)/node()"/></span>
              <xsl:for-each select="tt:witness-label(tt:apparatus-lemma(.))[. ne '']"><xsl:text> </xsl:text><span class="wit">{.}</span></xsl:for-each>
              <xsl:text>] </xsl:text>
              <xsl:for-each select="tt:apparatus-readings(.)">
                <xsl:if test="position() gt 1">; </xsl:if>
                <span class="rdg"><xsl:apply-templates/><xsl:if test="empty(node())">om.</xsl:if></span>
                <xsl:for-each select="tt:witness-label(.)[. ne '']"><xsl:text> </xsl:text><span class="wit">{.}</span></xsl:for-each>
              </xsl:for-each>
              <xsl:text> </xsl:text><a class="note-back" href="#app-{$label}" aria-label="back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- MathML is copied for the browser to render; TeX and other notations are shown as written. -->
  <xsl:template name="tt:make-formula">
    <xsl:param name="notation" as="xs:string"/>
    <span class="formula notation-{if ($notation) then replace($notation, '\W+', '-') else 'none'}">
      <xsl:call-template name="tt:html-attributes"/>
      <xsl:choose>
        <xsl:when test="self::mml:*"><xsl:apply-templates select="." mode="ttp:mathml"/></xsl:when>
        <xsl:when test="$notation = 'mathml'"><xsl:apply-templates select="mml:*" mode="ttp:mathml"/></xsl:when>
        <xsl:when test="$notation = 'tex'"><code>{string(.)}</code></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- The MathML elements copied; any other element of a formula gives its content only. -->
  <xsl:variable name="ttp:mathml-elements" as="xs:string+" select="('math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace',
      'mrow', 'mfrac', 'msqrt', 'mroot', 'mstyle', 'merror', 'mpadded', 'mphantom', 'mfenced', 'menclose', 'msub', 'msup',
      'msubsup', 'munder', 'mover', 'munderover', 'mmultiscripts', 'mprescripts', 'none', 'mtable', 'mtr', 'mtd',
      'mlabeledtr', 'semantics', 'annotation', 'mstack', 'mlongdiv', 'msgroup', 'msrow', 'mscarries', 'mscarry', 'msline')"/>

  <xsl:template match="mml:*[not(local-name() = $ttp:mathml-elements)]" mode="ttp:mathml">
    <xsl:apply-templates mode="ttp:mathml"/>
  </xsl:template>

  <!-- MathML elements and their presentation attributes; no links, event handlers or foreign annotations. -->
  <xsl:template match="mml:*[local-name() = $ttp:mathml-elements]" mode="ttp:mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:copy-of select="@*[namespace-uri() = ''][not(matches(local-name(), '^(on.*|href|src|style|xlink.*)$', 'i'))]"/>
      <xsl:apply-templates mode="ttp:mathml"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="mml:annotation-xml | *[not(self::mml:*)]" mode="ttp:mathml"/>

  <!-- An image: the copy beside the page (media/SLUG/), a web address, or a visible placeholder naming the URL. -->
  <xsl:template name="tt:make-graphic">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="local" as="xs:boolean"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:variable name="src" as="xs:string?" select="tt:html-image-src($url, .)"/>
    <xsl:choose>
      <xsl:when test="exists($src)"><img class="graphic" src="{$src}" alt="{$description}"/></xsl:when>
      <xsl:otherwise>
        <span class="graphic missing" title="the image is not beside the document">[image: {$url}]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where an image is for the page: its copy for a local file, the address for the web, else none. -->
  <xsl:function name="tt:html-image-src" as="xs:string?">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="if (tt:is-local-image($url)) then 'media/' || tt:page-slug($context) || '/' || tt:local-image-name($url)
        else if (matches($url, '^https?://\S+$')) then $url else ()"/>
  </xsl:function>

  <!-- Embedded data: an image when it is one (as a data: URL), else a placeholder naming its type. -->
  <xsl:template name="tt:make-binary-object">
    <xsl:param name="mime-type" as="xs:string"/>
    <xsl:variable name="data" as="xs:string" select="replace(string(.), '\s+', '')"/>
    <xsl:choose>
      <xsl:when test="matches($mime-type, '^image/(png|jpeg|gif|webp)$') and (empty(@encoding) or @encoding = 'base64')
                      and matches($data, '^[A-Za-z0-9+/]+=*$')">
        <img class="binary-object" src="data:{$mime-type};base64,{$data}" alt="embedded image ({$mime-type})"/>
      </xsl:when>
      <xsl:otherwise><span class="binary-object">[embedded {$mime-type}]</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The page images of the document's facsimile, as links. -->
  <xsl:template name="tt:facsimile-section">
    <xsl:variable name="context" as="node()" select="."/>
    <xsl:variable name="pages" as="element(tt:page)*" select="tt:facsimile-pages(.)"/>
    <xsl:if test="exists($pages)">
      <section class="facsimile" aria-label="Page images">
        <h2 lang="{$ui-language}">Page images</h2><xsl:text>&#10;</xsl:text>
        <ol>
          <xsl:for-each select="$pages">
            <xsl:variable name="href" as="xs:string?" select="tt:html-image-src(@url, $context)"/>
            <li>
              <xsl:choose>
                <xsl:when test="exists($href)"><a href="{$href}">{@label}</a></xsl:when>
                <xsl:otherwise>{@label}: <span class="graphic missing">{@url}</span></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
