<?xml version="1.0" encoding="UTF-8"?>
<!-- Register look-up: which kind of thing a name or entry is, and how an entry is labelled. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The kinds of entity the edition marks, in display order. -->
  <xsl:variable name="tt:entity-kinds" as="xs:string+" select="('person', 'place', 'organisation', 'event', 'date')"/>

  <!-- The kind of a register entry: person, place, organisation, event, work or other. -->
  <xsl:function name="tt:entry-kind" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="
        if ($entry/self::tei:person or $entry/self::tei:personGrp) then 'person'
        else if ($entry/self::tei:place) then 'place'
        else if ($entry/self::tei:org) then 'organisation'
        else if ($entry/self::tei:event) then 'event'
        else if ($entry/self::tei:bibl or $entry/self::tei:biblStruct) then 'work'
        else 'other'"/>
  </xsl:function>

  <!-- The kind of a name (or date) in the text; '' when it is not an entity the edition marks. -->
  <xsl:function name="tt:entity-kind" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <!-- the register entry is looked up only when the element does not say the kind itself -->
    <xsl:sequence select="
        if ($name/self::tei:persName) then 'person'
        else if ($name/self::tei:placeName) then 'place'
        else if ($name/self::tei:orgName) then 'organisation'
        else if ($name/self::tei:date) then 'date'
        else if ($name/self::tei:name[@type = ('event', 'operation', 'plan', 'battle', 'campaign')]) then 'event'
        else if ($name/self::tei:rs[@type = ('person', 'place', 'event')]) then string($name/@type)
        else if ($name/self::tei:rs[@type = ('org', 'organisation', 'organization')]) then 'organisation'
        else if ($name/self::tei:name or $name/self::tei:rs) then
            (tt:entity-entry($name) ! tt:entry-kind(.)[. = $tt:entity-kinds], '')[1]
        else ''"/>
  </xsl:function>

  <!-- The register entry (or in-document element) a name points to with @ref, @key or @corresp. -->
  <xsl:function name="tt:entity-entry" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="pointer" as="xs:string?" select="tokenize(normalize-space(($name/@ref, $name/@corresp)[1]))[1]"/>
    <xsl:sequence select="if ($pointer) then tt:resolve-pointer($pointer, $name) else ()"/>
  </xsl:function>

  <!-- The main label of an entry: its first name, label or title (cached: every name that points to the entry asks). -->
  <xsl:function name="tt:entry-label" as="xs:string" cache="yes">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" as="element()*"
        select="$entry/(tei:persName | tei:placeName | tei:orgName | tei:label | tei:name | tei:title | tei:head | tei:eventName)"/>
    <xsl:variable name="main" as="element()?" select="($names[not(@type = 'variant')], $names)[1]"/>
    <xsl:sequence select="if ($main) then tt:plain-text($main)
        else if ($entry/@xml:id) then string($entry/@xml:id) else normalize-space($entry)"/>
  </xsl:function>

  <!-- The other spellings an entry records (every name after the main one, distinct; cached like the label). -->
  <xsl:function name="tt:entry-variants" as="xs:string*" cache="yes">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="label" as="xs:string" select="tt:entry-label($entry)"/>
    <xsl:sequence select="distinct-values($entry/(tei:persName | tei:placeName | tei:orgName | tei:label | tei:name)
                          ! normalize-space(.))[. ne $label]"/>
  </xsl:function>

  <!-- The prose of an entry (descriptions and notes other than the list of mentions), shown as paragraphs. -->
  <xsl:function name="tt:entry-notes" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="$entry/(tei:desc | tei:note[not(@type = 'mentions')] | tei:event[not(@xml:id)])"/>
  </xsl:function>

  <!--
    The facts of an entry as labelled fields, in display order, as a reference work lists them:
    <tt:field name="coordinates" label="Coordinates" target="https://…">21.59422, 105.84817</tt:field>.
    @target, when present, is where the value links to (a GeoNames page, an identifier's URI).
  -->
  <xsl:function name="tt:entry-fields" as="element(tt:field)*">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="geonames" as="xs:string?"
        select="($entry/tei:idno[lower-case(@type) = 'geonames'] ! normalize-space(.))[matches(., '^\d+$')][1]"/>
    <xsl:if test="$entry/@type">
      <tt:field name="type" label="Type">{$entry/@type}</tt:field>
    </xsl:if>
    <xsl:variable name="variants" as="xs:string*" select="tt:entry-variants($entry)"/>
    <xsl:if test="exists($variants)">
      <tt:field name="variants" label="Other names">{string-join($variants, '; ')}</tt:field>
    </xsl:if>
    <xsl:if test="$entry/(@when, @from, @to, @notBefore, @notAfter)">
      <tt:field name="date" label="Date">{string-join((
          $entry/@when ! string(.),
          ($entry/@from, $entry/@notBefore)[1] ! ('from ' || .),
          ($entry/@to, $entry/@notAfter)[1] ! ('to ' || .)), ' ')}</tt:field>
    </xsl:if>
    <xsl:for-each select="$entry/tei:birth">
      <tt:field name="birth" label="Born">{(normalize-space(.)[. ne ''], @when)[1]}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:death">
      <tt:field name="death" label="Died">{(normalize-space(.)[. ne ''], @when)[1]}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:occupation">
      <tt:field name="occupation" label="Occupation">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:affiliation">
      <tt:field name="affiliation" label="Affiliation">{normalize-space(.)}</tt:field>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:location/tei:geo[normalize-space(.)]">
      <xsl:variable name="point" as="xs:string*" select="tokenize(normalize-space(translate(., ',', ' ')))"/>
      <tt:field name="coordinates" label="Coordinates">
        <xsl:if test="$geonames"><xsl:attribute name="target" select="'https://www.geonames.org/' || $geonames"/></xsl:if>
        <xsl:value-of select="string-join($point, ', ')"/>
      </tt:field>
    </xsl:for-each>
    <xsl:for-each select="$entry/tei:idno[normalize-space(.)]">
      <xsl:variable name="value" as="xs:string" select="normalize-space(.)"/>
      <xsl:choose>
        <xsl:when test="lower-case(@type) = 'geonames'">
          <tt:field name="identifier" label="GeoNames" target="https://www.geonames.org/{$value}">{$value}</tt:field>
        </xsl:when>
        <xsl:when test="lower-case(@type) = ('uri', 'url') or matches($value, '^https?://')">
          <tt:field name="identifier" label="{if (@type) then 'Identifier (' || @type || ')' else 'Identifier'}"
              target="{$value}">{$value}</tt:field>
        </xsl:when>
        <xsl:otherwise>
          <tt:field name="identifier" label="{if (@type) then 'Identifier (' || @type || ')' else 'Identifier'}">{$value}</tt:field>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- The kind of entries a register document lists (from its standOff list). -->
  <xsl:function name="tt:register-kind" as="xs:string">
    <xsl:param name="register" as="element()"/>
    <xsl:variable name="list" as="element()?" select="($register//tei:standOff/*, $register//tei:listPerson, $register//tei:listPlace,
                                                       $register//tei:listOrg, $register//tei:listEvent)[1]"/>
    <xsl:sequence select="
        if ($list/self::tei:listPerson) then 'person'
        else if ($list/self::tei:listPlace) then 'place'
        else if ($list/self::tei:listOrg) then 'organisation'
        else if ($list/self::tei:listEvent) then 'event'
        else 'other'"/>
  </xsl:function>

  <!-- The register documents in $registers that list entries of a kind. -->
  <xsl:function name="tt:registers-of-kind" as="element()*">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="$registers/tt:registers/*[tt:register-kind(.) = $kind]"/>
  </xsl:function>

  <!-- The entries (elements with @xml:id) listed by the registers of a kind, in register order. -->
  <xsl:function name="tt:register-entries" as="element()*">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="tt:registers-of-kind($kind)//tei:standOff//*[@xml:id][tt:entry-kind(.) = $kind]"/>
  </xsl:function>

  <!-- The English plural label of a kind ("persons"), used for page names and headings. -->
  <xsl:function name="tt:kind-plural" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="($ttp:kind-plurals($kind), $kind || 's')[1]"/>
  </xsl:function>

  <xsl:variable name="ttp:kind-plurals" as="map(xs:string, xs:string)" select="map {'person': 'persons', 'place': 'places',
      'organisation': 'organisations', 'event': 'events', 'date': 'dates', 'work': 'works'}"/>

  <!--
    Occurrence number of a marked name or date in its document (restarting at each TEI element),
    counted over every
    persName/placeName/orgName/name/rs/date inside text (document order, from 1).
    The HTML page and the document summaries (for the corpus pages) use it for occurrence ids, so it must be stable.
  -->
  <xsl:accumulator name="tt:occurrence" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" select="0"/>
    <xsl:accumulator-rule match="(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:date)[ancestor::tei:text]"
        select="$value + 1"/>
  </xsl:accumulator>

  <!-- The key of the register entry a name points to, "registers/persons.xml#per-navarre" (the corpus pages' back-links). -->
  <xsl:function name="tt:entity-key" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="pointer" as="xs:string?" select="tokenize(normalize-space(($name/@ref, $name/@corresp)[1]))[1]"/>
    <xsl:sequence select="if ($pointer) then '' || ttp:entity-key($pointer, tt:tei-of($name)) else ''"/>
  </xsl:function>

  <!-- tt:entity-key of a pointer written in the TEI element $tei (depends on nothing else: cached). -->
  <xsl:function name="ttp:entity-key" as="xs:string" cache="yes">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="tei" as="element()?"/>
    <xsl:sequence select="ttp:pointer-href($pointer, $tei) || '#' || substring-after(ttp:expand-pointer($pointer, $tei), '#')"/>
  </xsl:function>

  <!-- The key of a register entry, comparable with tt:entity-key. -->
  <xsl:function name="tt:entry-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="tt:href-of($entry) || '#' || $entry/@xml:id"/>
  </xsl:function>

  <!-- The id of an occurrence: "occ-12". -->
  <xsl:function name="tt:occurrence-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="'occ-' || $name/accumulator-before('tt:occurrence')"/>
  </xsl:function>

</xsl:stylesheet>
