<?xml version="1.0" encoding="UTF-8"?>
<!--
  The register back matter: the entries of the registers (or of the document itself) that the
  names of the text point to, by kind, in collation order, each with its labelled fields and
  links to every place in the text that names it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    xmlns:epub="http://www.idpf.org/2007/ops"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The kinds of entry the back matter lists, in its order. -->
  <xsl:variable name="ttp:register-kinds" as="xs:string+" select="('person', 'place', 'organisation', 'event')"/>

  <!-- The marked names of the reading text, by the entry they point to (generate-id of the entry). -->
  <xsl:key name="ttp:names-by-entry"
      match="(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[ancestor::tei:text][tt:entity-kind(.) ne '']"
      use="tt:entity-entry(.) ! generate-id(.)"/>

  <!-- True for an entry the back matter lists: a person, place, organisation or event with an id. -->
  <xsl:function name="tt:is-epub-entry" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="exists($entry/@xml:id) and tt:entry-kind($entry) = $ttp:register-kinds"/>
  </xsl:function>

  <!-- The id of an entry in the back matter: "entry-per-ada". -->
  <xsl:function name="tt:epub-entry-id" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="'entry-' || $entry/@xml:id"/>
  </xsl:function>

  <!-- The entries the marked names of a text point to, each once. -->
  <xsl:function name="tt:epub-entries" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="($tei/tei:text//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[tt:entity-kind(.) ne '']
                           ! tt:entity-entry(.))[tt:is-epub-entry(.)]/."/>
  </xsl:function>

  <xsl:template name="tt:epub-registers">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:call-template name="tt:epub-document">
      <xsl:with-param name="title" select="'Registers: ' || tt:title($tei)"/>
      <xsl:with-param name="language" select="$ui-language"/>
      <xsl:with-param name="type" select="'backmatter'"/>
      <xsl:with-param name="body" as="node()*">
        <h1>Registers</h1>
        <xsl:for-each select="$ttp:register-kinds[. = $entries ! tt:entry-kind(.)]">
          <xsl:variable name="kind" as="xs:string" select="."/>
          <section class="register" id="register-{$kind}" aria-labelledby="register-{$kind}-heading">
            <h2 id="register-{$kind}-heading">{tt:kind-heading($kind)}</h2>
            <xsl:for-each select="$entries[tt:entry-kind(.) = $kind]">
              <xsl:sort select="tt:sort-key(.)"/>
              <xsl:call-template name="tt:epub-entry"><xsl:with-param name="tei" select="$tei"/></xsl:call-template>
            </xsl:for-each>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- One entry: its label, labelled fields, and the places of the text that name it. -->
  <xsl:template name="tt:epub-entry">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="names" as="element()*" select="key('ttp:names-by-entry', generate-id(.), $tei)"/>
    <section class="entry ent-{tt:entry-kind(.)}" id="{tt:epub-entry-id(.)}">
      <xsl:if test="tt:language(.) ne ''"><xsl:attribute name="lang" select="tt:language(.)"/></xsl:if>
      <h3>{tt:entry-label(.)}</h3>
      <dl class="entry-fields">
        <!-- the labels are the edition's, in its language; the values the register's; the facts are the
             common layer's (tt:entry-fields), as on the HTML register pages -->
        <xsl:for-each select="tt:entry-fields(.)">
          <dt lang="{$ui-language}">{@label}</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="@target"><a href="{@target}">{.}</a></xsl:when>
              <xsl:otherwise>{.}</xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="tt:entry-notes(.)">
          <dt lang="{$ui-language}">{ttp:field-label(.)}</dt>
          <dd>
            <xsl:call-template name="tt:html-attributes"/>
            <xsl:apply-templates select="." mode="ttp:entry-field"/>
          </dd>
        </xsl:for-each>
        <xsl:if test="exists($names)">
          <dt lang="{$ui-language}">In the text</dt>
          <dd class="occurrences">
            <xsl:for-each select="$names">
              <xsl:if test="position() gt 1">, </xsl:if>
              <a href="{$tt:epub-text}#{(@xml:id, tt:occurrence-id(.))[1]}" title="{normalize-space(.)}">{position()}</a>
            </xsl:for-each>
          </dd>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

  <!-- The label of a descriptive field of an entry. -->
  <xsl:function name="ttp:field-label" as="xs:string">
    <xsl:param name="field" as="element()"/>
    <xsl:variable name="name" as="xs:string" select="local-name($field)"/>
    <xsl:sequence select="
        if ($name = 'idno') then (if ($field/@type) then 'Identifier (' || $field/@type || ')' else 'Identifier')
        else if ($name = 'location' and $field/tei:geo) then 'Coordinates'
        else (map {'desc': 'Description', 'note': 'Note', 'birth': 'Born', 'death': 'Died', 'occupation': 'Occupation',
                   'location': 'Location', 'event': 'Event'}($name), $name)[1]"/>
  </xsl:function>

  <!-- A field's value: its content as in the text; an authority identifier links to its record. -->
  <xsl:template match="*" mode="ttp:entry-field">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:idno[@type = 'geonames'][matches(normalize-space(.), '^\d+$')]" mode="ttp:entry-field">
    <a href="https://www.geonames.org/{normalize-space(.)}">{normalize-space(.)}</a>
  </xsl:template>

  <xsl:template match="tei:idno[matches(normalize-space(.), '^https?://\S+$')]" mode="ttp:entry-field">
    <a href="{normalize-space(.)}">{normalize-space(.)}</a>
  </xsl:template>

</xsl:stylesheet>
