<?xml version="1.0" encoding="UTF-8"?>
<!-- The index of persons and places: a marker at each tagged name, and the index itself. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tp="urn:teitools:print"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The elements whose @ref can name an indexed person or place. -->
  <xsl:function name="tp:is-name" as="xs:boolean">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="exists($element[@ref][self::tei:persName or self::tei:placeName or self::tei:name
                          or self::tei:rs or self::tei:geogName or self::tei:settlement or self::tei:country])"/>
  </xsl:function>

  <!-- The index markers of one name: #tt-mark("person", "registers/persons.xml#per-x") per entry. -->
  <xsl:function name="tp:marks" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="string-join(
        for $entry in tp:entries-of($name)[tp:entry-kind(.) != '']
        return '#tt-mark(' || tp:string(tp:entry-kind($entry)) || ', ' || tp:string(tp:entry-key($entry)) || ')', '')"/>
  </xsl:function>

  <!-- The index, after the text, listing every entry that a name of the text points to. -->
  <xsl:template name="tp:index">
    <xsl:variable name="language" as="xs:string" select="tp:document-language(.)"/>
    <xsl:variable name="entries" as="element()*"
        select="(.//tei:text//*[tp:is-name(.)] ! tp:entries-of(.))[tp:entry-kind(.) != '']"/>
    <xsl:if test="exists($entries)">
      <xsl:text>&#10;&#10;#tt-index(title: {tp:content(tp:label('index', $language))}, sections: (&#10;</xsl:text>
      <xsl:for-each select="('person', 'place')">
        <xsl:variable name="kind" as="xs:string" select="."/>
        <xsl:variable name="of-kind" as="element()*" select="$entries[tp:entry-kind(.) = $kind]"/>
        <xsl:text>  (title: {tp:content(tp:label($kind || 's', $language))}, kind: {tp:string($kind)}, entries: (</xsl:text>
        <xsl:for-each-group select="$of-kind" group-by="tp:entry-key(.)">
          <xsl:sort select="tp:sort-key(tp:entry-name(.))"/>
          <xsl:text>(key: {tp:string(current-grouping-key())}, name: {tp:content(tp:entry-name(.))}), </xsl:text>
        </xsl:for-each-group>
        <xsl:text>)),&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>))&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
