<?xml version="1.0" encoding="UTF-8"?>
<!--
  Name parts, the transcription of a source (lb, pb, gap, space, subst, ex, am) and the critical
  apparatus (app, lem, rdg, witnesses): what each is, through the tt:make-* hooks of interface.xsl.
  The plain text of an element as a reader sees it (tt:plain-text) follows the same rules.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Name parts -->

  <!--
    True if a name part must be set apart from what precedes it by a space the source does not
    write: <forename>Charles</forename><surname>Dickens</surname> reads "Charles Dickens"
    (as the TEI Stylesheets do). A part right after another part or name, with no text between.
  -->
  <xsl:function name="tt:name-part-needs-space" as="xs:boolean">
    <xsl:param name="part" as="element()"/>
    <xsl:sequence select="exists($part/preceding-sibling::node()[1][self::tei:forename | self::tei:surname | self::tei:roleName
        | self::tei:addName | self::tei:genName | self::tei:nameLink | self::tei:name | self::tei:persName | self::tei:orgName
        | self::tei:placeName | self::tei:settlement | self::tei:region | self::tei:country]
        [not(matches(string(.), '[\s\-''’]$'))])"/>
  </xsl:function>

  <xsl:template match="tei:forename | tei:surname | tei:roleName | tei:addName | tei:genName | tei:nameLink">
    <xsl:if test="tt:name-part-needs-space(.)"><xsl:text> </xsl:text></xsl:if>
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'name-part'"/></xsl:call-template>
  </xsl:template>

  <!-- The plain text of an element as a reader sees it: name parts apart, no notes, the reading of a choice and an app. -->
  <xsl:function name="tt:plain-text" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$element/node()" mode="ttp:plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="ttp:plain" on-no-match="shallow-skip"/>

  <xsl:template match="text()" mode="ttp:plain"><xsl:value-of select="."/></xsl:template>

  <xsl:template match="tei:note | tei:choice/* | tei:app/* | tei:del | tei:binaryObject | tei:graphic | tei:fw" mode="ttp:plain"/>

  <xsl:template match="tei:choice" mode="ttp:plain">
    <xsl:apply-templates select="tt:choice-reading(.)/node()" mode="ttp:plain"/>
  </xsl:template>

  <xsl:template match="tei:app" mode="ttp:plain">
    <xsl:apply-templates select="tt:apparatus-lemma(.)/node()" mode="ttp:plain"/>
  </xsl:template>

  <xsl:template match="tei:lb[not(@break = 'no')]" mode="ttp:plain"><xsl:text> </xsl:text></xsl:template>

  <xsl:template match="tei:forename | tei:surname | tei:roleName | tei:addName | tei:genName | tei:nameLink" mode="ttp:plain">
    <xsl:if test="tt:name-part-needs-space(.)"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="ttp:plain"/>
  </xsl:template>

  <!-- Transcription -->

  <xsl:template match="tei:lb">
    <xsl:call-template name="tt:make-line-break"><xsl:with-param name="in-word" select="@break = 'no'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:pb">
    <xsl:call-template name="tt:make-page-break">
      <xsl:with-param name="number" select="string(@n)"/>
      <xsl:with-param name="image" select="tt:facsimile-url(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:call-template name="tt:make-gap"><xsl:with-param name="description" select="tt:extent-description(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:space">
    <xsl:call-template name="tt:make-space"><xsl:with-param name="description" select="tt:extent-description(.)"/></xsl:call-template>
  </xsl:template>

  <!-- What a gap or space records, in words: "illegible, 2 words", "3 chars", "" when nothing is said. -->
  <xsl:function name="tt:extent-description" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="amount" as="xs:string?"
        select="($element/@quantity, $element/@extent, $element/(@atLeast || '–' || @atMost)[$element/@atLeast and $element/@atMost])[1]
                ! normalize-space(.)"/>
    <xsl:sequence select="string-join((
        normalize-space($element/@reason)[. ne ''] ! replace(., '\s+', ', '),
        string-join(($amount, normalize-space($element/@unit)[. ne '']), ' ')[. ne ''],
        normalize-space($element/tei:desc)[. ne '']), ', ')"/>
  </xsl:function>

  <!-- A substitution: its parts (del and add) are the inline roles deletion and addition. -->
  <xsl:template match="tei:subst">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'substitution'"/></xsl:call-template>
  </xsl:template>

  <!-- Letters an abbreviation leaves out (ex) and its mark (am). -->
  <xsl:template match="tei:ex">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'expansion-text'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:am">
    <xsl:call-template name="tt:make-inline"><xsl:with-param name="role" select="'abbreviation-mark'"/></xsl:call-template>
  </xsl:template>

  <!-- Critical apparatus -->

  <xsl:template match="tei:app">
    <xsl:call-template name="tt:make-apparatus">
      <xsl:with-param name="lemma" select="tt:apparatus-lemma(.)"/>
      <xsl:with-param name="readings" select="tt:apparatus-readings(.)"/>
      <xsl:with-param name="label" select="tt:apparatus-label(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The reading an app gives in the text: its lem, else its first rdg. -->
  <xsl:function name="tt:apparatus-lemma" as="element()?">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="($app/(tei:lem | tei:rdgGrp/tei:lem), $app/(tei:rdg | tei:rdgGrp/tei:rdg))[1]"/>
  </xsl:function>

  <!-- The variants of an app: every rdg (also inside rdgGrp) but the one the text gives. -->
  <xsl:function name="tt:apparatus-readings" as="element()*">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="($app/tei:rdg | $app/tei:rdgGrp//tei:rdg) except tt:apparatus-lemma($app)"/>
  </xsl:function>

  <!-- The entries of a document's apparatus, in document order (also those inside notes and other entries). -->
  <xsl:function name="tt:apparatus-entries" as="element(tei:app)*">
    <xsl:param name="document" as="node()"/>
    <xsl:sequence select="tt:tei-of($document)//tei:text//tei:app"/>
  </xsl:function>

  <!-- The label of an apparatus entry: its position among tt:apparatus-entries in letters (a, b, … z, aa, ab…). -->
  <xsl:function name="tt:apparatus-label" as="xs:string">
    <xsl:param name="app" as="element(tei:app)"/>
    <xsl:sequence select="format-integer($app/accumulator-before('ttp:apparatus-count'), 'a')"/>
  </xsl:function>

  <!-- The number of apps of the text up to and including this one (one pass, not a count per app). -->
  <xsl:accumulator name="ttp:apparatus-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:app" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The witnesses of a reading: the sigla of its @wit (witness/@n, abbr or id), else its @source or @resp. -->
  <xsl:function name="tt:witness-label" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="string-join(
        for $pointer in tokenize(normalize-space(($reading/@wit, $reading/@source, $reading/@resp)[1]))
        return (tt:resolve-pointer($pointer, $reading) ! (@n, tei:abbr, @xml:id)[normalize-space(.)][1] ! normalize-space(.),
                replace($pointer, '^.*#', ''))[1], ' ')"/>
  </xsl:function>

</xsl:stylesheet>
