<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of persons and places: a marker at each name whose @ref points to a person or a
  place (in the registers or in the document), and the index itself after the text. Pointers,
  entry kinds, keys and labels come from common (pointers.xsl, registers.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The kinds of entry the index lists, in order. -->
  <xsl:variable name="tp:index-kinds" as="xs:string+" select="('person', 'place')"/>

  <!-- The index entries an element's @ref points to. -->
  <xsl:function name="tp:index-entries" as="element()*">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="tt:resolve-pointers($element/@ref, $element)[tt:entry-kind(.) = $tp:index-kinds]"/>
  </xsl:function>

  <!-- The index markers of an element: #tt-mark("person", "registers/persons.xml#per-x") per entry. -->
  <xsl:function name="tp:index-marks" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="if (empty($element/@ref)) then '' else string-join(
        tp:index-entries($element) ! ('#tt-mark(' || tp:string(tt:entry-kind(.)) || ', ' || tp:string(tt:entry-key(.)) || ')'))"/>
  </xsl:function>

  <!-- The index, after the text, listing every entry that a name of the text points to. -->
  <xsl:template name="tp:index">
    <xsl:variable name="language" as="xs:string" select="tp:document-language(.)"/>
    <xsl:variable name="entries" as="element()*" select=".//tei:text//*[@ref] ! tp:index-entries(.)"/>
    <xsl:if test="exists($entries)">
      <xsl:text>&#10;&#10;#tt-index(title: {tp:content(tp:label('index', $language))}, sections: (&#10;</xsl:text>
      <xsl:for-each select="$tp:index-kinds">
        <xsl:variable name="kind" as="xs:string" select="."/>
        <xsl:text>  (title: {tp:content(tp:label(tt:kind-plural($kind), $language))}, kind: {tp:string($kind)}, entries: (</xsl:text>
        <xsl:for-each-group select="$entries[tt:entry-kind(.) = $kind]" group-by="tt:entry-key(.)">
          <xsl:sort select="tt:sort-key(.)"/>
          <xsl:text>(key: {tp:string(current-grouping-key())}, name: {tp:content(tt:entry-label(.))}), </xsl:text>
        </xsl:for-each-group>
        <xsl:text>)),&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>))&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
