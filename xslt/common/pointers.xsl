<?xml version="1.0" encoding="UTF-8"?>
<!--
  Pointer resolution: prefixDef expansion, "#id", and relative "file.xml#id" against $registers.

  What a pointer designates depends only on the pointer and the TEI element it is written in, so
  the ttp: functions below are cached on those two. Saxon consults a function's cache only when the
  call is not the last step of another function (a tail call skips it): the public wrappers end
  with "'' || ttp:f(…)" or "ttp:f(…)/." for that reason, not by accident.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="ttp:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- A stand-in absolute base so that resolve-uri() can work on corpus-relative paths (no access is made). -->
  <xsl:variable name="ttp:base" as="xs:string" select="'http://corpus.teitools.invalid/'"/>

  <!-- The TEI element a node belongs to (a document, or one register inside $registers): for the
       document node, the text the edition shows ($text-number); for a node of a corpus header,
       its teiCorpus. -->
  <xsl:function name="tt:tei-of" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="if ($node instance of document-node() and $text-number gt 0)
                          then ($node//tei:TEI)[$text-number]
                          else ($node/ancestor-or-self::*[self::tei:TEI or self::tei:teiCorpus][1], root($node)/*)[1]"/>
  </xsl:function>

  <!-- The corpus-relative path of the file a node comes from. -->
  <xsl:function name="tt:href-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" as="element()?" select="tt:tei-of($node)"/>
    <xsl:sequence select="if ($tei/@tt:href) then string($tei/@tt:href) else $document-href"/>
  </xsl:function>

  <!-- "per:navarre" → "registers/persons.xml#per-navarre" by the prefixDefs of the node's document. -->
  <xsl:function name="tt:expand-pointer" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="'' || ttp:expand-pointer($pointer, tt:tei-of($context))"/>
  </xsl:function>

  <xsl:key name="ttp:prefix-def" match="tei:teiHeader//tei:prefixDef" use="string(@ident)"/>

  <!-- tt:expand-pointer for the TEI element $tei (the result depends on nothing else, so it is cached). -->
  <xsl:function name="ttp:expand-pointer" as="xs:string" cache="yes">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="prefix" as="xs:string"
        select="if (ttp:has-scheme($pointer)) then substring-before($pointer, ':') else ''"/>
    <xsl:variable name="rest" as="xs:string" select="substring-after($pointer, ':')"/>
    <xsl:variable name="definition" as="element(tei:prefixDef)?"
        select="if (empty($tei)) then () else
                (key('ttp:prefix-def', $prefix, $tei)[ancestor::tei:teiHeader[1]/.. is $tei]
                 [matches($rest, '^(?:' || @matchPattern || ')$')])[1]"/>
    <xsl:sequence select="if ($definition)
        then replace($rest, '^(?:' || $definition/@matchPattern || ')$', $definition/@replacementPattern)
        else $pointer"/>
  </xsl:function>

  <!--
    Resolve a relative path against a corpus-relative base path: ("registers/persons.xml", "places.xml") → "registers/places.xml".
    A path that is no URI at all (a pointer such as '")') is returned as it is: it designates no file.
  -->
  <xsl:function name="tt:resolve-href" as="xs:string">
    <xsl:param name="relative" as="xs:string"/>
    <xsl:param name="base" as="xs:string"/>
    <xsl:try>
      <xsl:variable name="absolute" as="xs:string"
          select="string(resolve-uri($relative, resolve-uri($base, $ttp:base)))"/>
      <xsl:sequence select="if (starts-with($absolute, $ttp:base)) then substring-after($absolute, $ttp:base) else $absolute"/>
      <xsl:catch errors="err:FORG0002" select="$relative" xmlns:err="http://www.w3.org/2005/xqt-errors"/>
    </xsl:try>
  </xsl:function>

  <!-- True for pointers that leave the corpus (http:, https:, mailto:, …) once expanded. -->
  <xsl:function name="tt:is-external" as="xs:boolean">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="ttp:has-scheme(tt:expand-pointer($pointer, $context))"/>
  </xsl:function>

  <!-- Whether a pointer begins with a scheme or prefix ("https:", "urn:", "per:"); expanded, it leads out of the corpus. -->
  <xsl:function name="ttp:has-scheme" as="xs:boolean">
    <xsl:param name="expanded" as="xs:string"/>
    <xsl:sequence select="matches($expanded, '^[A-Za-z][A-Za-z0-9+.\-]*:')"/>
  </xsl:function>

  <!-- The corpus-relative file a pointer leads to ("" for external pointers). -->
  <xsl:function name="tt:pointer-href" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="'' || ttp:pointer-href($pointer, tt:tei-of($context))"/>
  </xsl:function>

  <!-- tt:pointer-href for a pointer written in the TEI element $tei (depends on nothing else: cached). -->
  <xsl:function name="ttp:pointer-href" as="xs:string" cache="yes">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="expanded" as="xs:string" select="ttp:expand-pointer($pointer, $tei)"/>
    <xsl:variable name="file" as="xs:string"
        select="if (contains($expanded, '#')) then substring-before($expanded, '#') else $expanded"/>
    <xsl:variable name="own-href" as="xs:string" select="if ($tei/@tt:href) then string($tei/@tt:href) else $document-href"/>
    <xsl:sequence select="if (ttp:has-scheme($expanded)) then ''
        else if ($file = '') then $own-href
        else tt:resolve-href($file, $own-href)"/>
  </xsl:function>

  <!-- The element a pointer designates, in the node's own document or in $registers; empty if unknown. -->
  <xsl:function name="tt:resolve-pointer" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="ttp:resolve-pointer(normalize-space($pointer), tt:tei-of($context))/."/>
  </xsl:function>

  <!--
    tt:resolve-pointer for the TEI element $tei the pointer was written in: the expansion, the
    file and the element all depend on that element alone, so each pointer is resolved once.
  -->
  <xsl:function name="ttp:resolve-pointer" as="element()?" cache="yes">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="expanded" as="xs:string" select="ttp:expand-pointer($pointer, $tei)"/>
    <xsl:variable name="fragment" as="xs:string" select="substring-after($expanded, '#')"/>
    <xsl:variable name="own-href" as="xs:string" select="if ($tei/@tt:href) then string($tei/@tt:href) else $document-href"/>
    <xsl:variable name="file" as="xs:string"
        select="if (contains($expanded, '#')) then substring-before($expanded, '#') else $expanded"/>
    <xsl:variable name="href" as="xs:string" select="
        if (ttp:has-scheme($expanded)) then ''
        else if ($file = '') then $own-href
        else tt:resolve-href($file, $own-href)"/>
    <xsl:variable name="target" as="element()?"
        select="if ($href = '') then ()
                else if ($href = $own-href) then $tei
                else $registers/tt:registers/*[@tt:href = $href][1]"/>
    <xsl:sequence select="if (empty($target)) then ()
        else if ($fragment = '') then $target
        else key('ttp:id', $fragment, $target)[1]"/>
  </xsl:function>

  <!-- Every element designated by a whitespace-separated list of pointers (@ref, @corresp, @target). -->
  <xsl:function name="tt:resolve-pointers" as="element()*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="tokenize(normalize-space($pointers)) ! tt:resolve-pointer(., $context)"/>
  </xsl:function>

</xsl:stylesheet>
