<?xml version="1.0" encoding="UTF-8"?>
<!--
  What is not plain text: formulae (MathML, TeX), images (graphic, inside figure or not), data
  embedded in the document (binaryObject), and page images (facsimile, @facs). Which image files
  lie beside the document is known to the Python side only ($local-images, parameters.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Formulae -->

  <xsl:template match="tei:formula">
    <xsl:call-template name="tt:make-formula">
      <xsl:with-param name="notation" select="tt:formula-notation(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "mathml" when the formula holds MathML, "tex" for TeX or LaTeX, else its @notation (or ""). -->
  <xsl:function name="tt:formula-notation" as="xs:string">
    <xsl:param name="formula" as="element()"/>
    <xsl:sequence select="if ($formula/mml:*) then 'mathml'
        else if (matches($formula/@notation, '^(la)?tex$', 'i')) then 'tex'
        else lower-case(normalize-space($formula/@notation))"/>
  </xsl:function>

  <!-- The text of a formula: MathML tokens, operators set apart by spaces; any other notation as written. -->
  <xsl:function name="tt:formula-text" as="xs:string">
    <xsl:param name="formula" as="element()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$formula/node()" mode="ttp:formula-text"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="ttp:formula-text" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="ttp:formula-text"><xsl:value-of select="."/></xsl:template>
  <!-- factors written one after the other ("2πz²") are set apart in the linear text: "2 π z^2";
       the digits of one number written as several mn stay together -->
  <xsl:template match="mml:mi | mml:mn | mml:mtext | mml:msub | mml:msup | mml:msubsup | mml:mfrac | mml:msqrt"
      mode="ttp:formula-text" priority="-1">
    <xsl:variable name="previous" as="element()?" select="preceding-sibling::*[1]"/>
    <xsl:if test="$previous[not(self::mml:mo or self::mml:mspace)] and not(self::mml:mn and $previous/self::mml:mn)">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:next-match/>
  </xsl:template>
  <xsl:template match="mml:mo" mode="ttp:formula-text"> {normalize-space(.)} </xsl:template>
  <xsl:template match="mml:msup/*[2]" mode="ttp:formula-text">^<xsl:apply-templates mode="#current"/></xsl:template>
  <xsl:template match="mml:msub/*[2]" mode="ttp:formula-text">_<xsl:apply-templates mode="#current"/></xsl:template>
  <!-- a fraction as numerator/denominator, each in parentheses when it is more than one token -->
  <xsl:template match="mml:mfrac" mode="ttp:formula-text">
    <xsl:for-each select="*[position() le 2]">
      <xsl:if test="position() eq 2">/</xsl:if>
      <xsl:variable name="several" as="xs:boolean" select="count(descendant-or-self::*[self::mml:mi or self::mml:mn
          or self::mml:mo or self::mml:mtext or self::mml:ms]) gt 1"/>
      <xsl:if test="$several">(</xsl:if>
      <xsl:apply-templates select="." mode="#current"/>
      <xsl:if test="$several">)</xsl:if>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="mml:msqrt" mode="ttp:formula-text">√(<xsl:apply-templates mode="#current"/>)</xsl:template>
  <xsl:template match="mml:annotation | mml:annotation-xml" mode="ttp:formula-text"/>

  <!-- MathML inside a formula is never an unknown element: the formula rule has it. -->
  <xsl:template match="mml:*">
    <xsl:call-template name="tt:make-formula"><xsl:with-param name="notation" select="'mathml'"/></xsl:call-template>
  </xsl:template>

  <!-- Images -->

  <xsl:template match="tei:graphic">
    <xsl:variable name="url" as="xs:string" select="normalize-space(@url)"/>
    <xsl:call-template name="tt:make-graphic">
      <xsl:with-param name="url" select="$url"/>
      <xsl:with-param name="local" select="tt:is-local-image($url)"/>
      <xsl:with-param name="description" select="(normalize-space(tei:desc), normalize-space(parent::tei:figure/tei:figDesc), $url)[. ne ''][1]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- True if the file of an image URL lies beside the document ($local-images). -->
  <xsl:function name="tt:is-local-image" as="xs:boolean">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="$url ne '' and $url = $ttp:local-images"/>
  </xsl:function>

  <!--
    The file name a local image gets in an edition: "image-N.EXT", N its position in $local-images
    (teitools.render.images names the copies by the same rule).
  -->
  <xsl:function name="tt:local-image-name" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="path" as="xs:string" select="replace($url, '[?#].*$', '')"/>
    <xsl:sequence select="'image-' || index-of($ttp:local-images, $url)[1]
        || (if (matches($path, '\.[A-Za-z0-9]{1,5}$')) then lower-case(replace($path, '^.*(\.[A-Za-z0-9]{1,5})$', '$1')) else '')"/>
  </xsl:function>

  <!-- Empty lines stand for images this edition cannot use: they keep the positions of the others. -->
  <xsl:variable name="ttp:local-images" as="xs:string*" select="tokenize($local-images, '&#10;')"/>

  <xsl:template match="tei:binaryObject">
    <xsl:call-template name="tt:make-binary-object">
      <xsl:with-param name="mime-type" select="(normalize-space(@mimeType)[. ne ''], 'application/octet-stream')[1]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Page images -->

  <!--
    The URL of the page image of an element with @facs: the URL itself, or, for a pointer
    ("#surface-1"), the first graphic of the surface, zone or graphic it designates. "" if none.
  -->
  <xsl:function name="tt:facsimile-url" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="pointer" as="xs:string?" select="tokenize(normalize-space($element/@facs))[1]"/>
    <xsl:variable name="target" as="element()?"
        select="if (starts-with($pointer, '#')) then tt:resolve-pointer($pointer, $element) else ()"/>
    <xsl:sequence select="if (empty($pointer)) then ''
        else if (starts-with($pointer, '#'))
             then string(($target/descendant-or-self::tei:graphic, $target/ancestor::tei:surface[1]/tei:graphic)[1]/@url)
        else $pointer"/>
  </xsl:function>

  <!-- The page images of a document's facsimile: (label, URL) as tt:page elements. -->
  <xsl:function name="tt:facsimile-pages" as="element(tt:page)*">
    <xsl:param name="document" as="node()"/>
    <xsl:for-each select="tt:tei-of($document)/tei:facsimile//tei:surface[tei:graphic/@url] | tt:tei-of($document)/tei:facsimile/tei:graphic[@url]">
      <tt:page label="{(normalize-space(@n)[. ne ''], normalize-space(tei:label)[. ne ''], @xml:id, string(position()))[1]}"
               url="{normalize-space((descendant-or-self::tei:graphic/@url)[1])}"/>
    </xsl:for-each>
  </xsl:function>

</xsl:stylesheet>
