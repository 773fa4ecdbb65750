<?xml version="1.0" encoding="UTF-8"?>
<!-- Pointers of names resolved to register entries (in $registers or in the document itself). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="tp:by-id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- The base against which relative register paths are resolved; never opened. -->
  <xsl:variable name="tp:corpus-base" as="xs:string" select="'https://corpus.teitools.invalid/'"/>

  <!-- A private-scheme pointer ("per:navarre") expanded by the document's prefixDef, else unchanged. -->
  <xsl:function name="tp:expand-prefix" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="prefix" as="xs:string" select="substring-before($pointer, ':')"/>
    <xsl:variable name="rest" as="xs:string" select="substring-after($pointer, ':')"/>
    <xsl:variable name="expanded" as="xs:string*">
      <xsl:for-each select="root($context)//tei:prefixDef[@ident = $prefix][@matchPattern and @replacementPattern]">
        <xsl:try>
          <xsl:if test="matches($rest, '^(' || @matchPattern || ')$')">
            <xsl:sequence select="replace($rest, '^' || @matchPattern || '$', @replacementPattern)"/>
          </xsl:if>
          <xsl:catch/>
        </xsl:try>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="if ($prefix != '' and exists($expanded)) then $expanded[1] else $pointer"/>
  </xsl:function>

  <!-- A path of the document relative to the corpus root, resolved against $document-href. -->
  <xsl:function name="tp:corpus-path" as="xs:string?">
    <xsl:param name="path" as="xs:string"/>
    <xsl:try>
      <xsl:variable name="absolute" as="xs:string" select="string(resolve-uri($path, resolve-uri(encode-for-uri($document-href) => replace('%2F', '/'), $tp:corpus-base)))"/>
      <xsl:sequence select="if (starts-with($absolute, $tp:corpus-base)) then substring-after($absolute, $tp:corpus-base) else ()"/>
      <xsl:catch select="()"/>
    </xsl:try>
  </xsl:function>

  <!-- The entries (register or same-document) that the @ref/@key pointers of a name designate. -->
  <xsl:function name="tp:entries-of" as="element()*">
    <xsl:param name="name" as="element()"/>
    <xsl:for-each select="tokenize(normalize-space($name/@ref))">
      <xsl:variable name="expanded" as="xs:string" select="tp:expand-prefix(., $name)"/>
      <xsl:variable name="path" as="xs:string" select="if (contains($expanded, '#')) then substring-before($expanded, '#') else ''"/>
      <xsl:variable name="fragment" as="xs:string" select="if (contains($expanded, '#')) then substring-after($expanded, '#') else ''"/>
      <xsl:choose>
        <xsl:when test="$fragment = ''"/>
        <xsl:when test="$path = ''">
          <xsl:sequence select="key('tp:by-id', $fragment, root($name))[1]"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="register-path" as="xs:string?" select="tp:corpus-path($path)"/>
          <xsl:variable name="register" as="element()*" select="$registers/tt:registers/*[@tt:href = $register-path]"/>
          <xsl:sequence select="$register ! key('tp:by-id', $fragment, .)[1]"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- "person", "place" or "" (not indexed) for a register entry. -->
  <xsl:function name="tp:entry-kind" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if ($entry/(self::tei:person | self::tei:personGrp)) then 'person'
                          else if ($entry/self::tei:place) then 'place' else ''"/>
  </xsl:function>

  <!-- A key that identifies an entry across the document and the registers. -->
  <xsl:function name="tp:entry-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="string($entry/ancestor::*[@tt:href][1]/@tt:href) || '#' || string($entry/@xml:id)"/>
  </xsl:function>

  <!-- The main name of an entry, for the index. -->
  <xsl:function name="tp:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" as="element()?" select="($entry/tei:persName, $entry/tei:placeName, $entry/tei:name, $entry/tei:orgName)[1]"/>
    <xsl:variable name="text" as="xs:string" select="normalize-space(string($name))"/>
    <xsl:sequence select="if ($text) then $text else string($entry/@xml:id)"/>
  </xsl:function>

  <!-- A sort key for names: letters first (Vietnamese ă â đ ê ô ơ ư after their base letter), tones after. -->
  <xsl:function name="tp:sort-key" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="decomposed" as="xs:string" select="normalize-unicode(lower-case($name), 'NFD')"/>
    <xsl:variable name="letters" as="xs:string"
        select="$decomposed => replace('đ', 'd{') => replace('&#x306;', '{') => replace('&#x302;', '|')
                => replace('&#x31B;', '}') => replace('\p{Mn}', '')"/>
    <xsl:sequence select="$letters || ' ' || $decomposed"/>
  </xsl:function>

</xsl:stylesheet>
