<?xml version="1.0" encoding="UTF-8"?>
<!--
  Layout of the plain text. Blocks are written as chunks marked with private-use characters:
  U+E000 KIND U+E001 INDENT U+E002 text … ; tt:layout() turns the marked string into wrapped lines.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Chunk kinds that follow a chunk of the same kind on the next line, not after a blank line. -->
  <xsl:variable name="ttp:tight-kinds" as="xs:string+" select="('line', 'field', 'item', 'cast', 'entry', 'note')"/>

  <!-- The marker that starts a chunk of $kind with $indent spaces. -->
  <xsl:function name="tt:chunk-marker" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="indent" as="xs:integer"/>
    <xsl:sequence select="'&#xE000;' || $kind || '&#xE001;' || $indent || '&#xE002;'"/>
  </xsl:function>

  <!-- Start a chunk of $kind with $indent spaces. -->
  <xsl:template name="tt:start-chunk">
    <xsl:param name="kind" as="xs:string" select="'block'"/>
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <xsl:value-of select="tt:chunk-marker($kind, $indent)"/>
  </xsl:template>

  <!-- End a chunk: what follows is a new plain block. -->
  <xsl:template name="tt:end-chunk">
    <xsl:text>&#xE000;block&#xE001;0&#xE002;</xsl:text>
  </xsl:template>

  <!-- Words of $text on lines of at most $width characters (after $indent); a longer word gets a line of its own. -->
  <xsl:function name="tt:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:variable name="room" as="xs:integer" select="max((10, $width - string-length($indent)))"/>
    <xsl:variable name="line" as="xs:string" select="normalize-space($text)"/>
    <xsl:choose>
      <!-- what fits is one line: no regular expression needed (most lines of verse and drama) -->
      <xsl:when test="string-length($line) le $room">
        <xsl:sequence select="($indent || $line)[$line ne '']"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:analyze-string select="$line" regex="(.{{1,{$room}}})(\s|$)|(\S+)(\s|$)">
          <xsl:matching-substring>
            <xsl:sequence select="$indent || (regex-group(1), regex-group(3))[. ne ''][1]"/>
          </xsl:matching-substring>
        </xsl:analyze-string>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- $n spaces. -->
  <xsl:function name="ttp:spaces" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="if ($n le 16) then substring('                ', 1, $n) else string-join((1 to $n) ! ' ')"/>
  </xsl:function>

  <!--
    The marked string as the final text: chunks wrapped, blank lines between blocks, underlined
    headings. One pass over the chunks, carrying the kind of the previous (non-empty) chunk.
  -->
  <xsl:function name="tt:layout" as="xs:string">
    <xsl:param name="marked" as="xs:string"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:iterate select="tokenize($marked, '&#xE000;')">
        <xsl:param name="previous" as="xs:string?" select="()"/>
        <xsl:variable name="text" as="xs:string" select="normalize-space(if (contains(., '&#xE002;')) then substring-after(., '&#xE002;') else .)"/>
        <xsl:choose>
          <xsl:when test="$text eq ''"/>
          <xsl:otherwise>
            <xsl:variable name="kind" as="xs:string" select="if (contains(., '&#xE001;')) then substring-before(., '&#xE001;') else 'block'"/>
            <xsl:variable name="indent" as="xs:string" select="if (contains(., '&#xE002;')) then substring-before(substring-after(., '&#xE001;'), '&#xE002;') else '0'"/>
            <xsl:if test="exists($previous) and not($kind = $ttp:tight-kinds and $previous = $kind)">
              <xsl:sequence select="''"/>
            </xsl:if>
            <xsl:variable name="wrapped" as="xs:string*" select="tt:wrap($text, $line-width, ttp:spaces(xs:integer($indent)))"/>
            <xsl:sequence select="$wrapped"/>
            <xsl:if test="starts-with($kind, 'heading')">
              <xsl:variable name="rule" as="xs:string" select="if ($kind = ('heading0', 'heading1')) then '=' else '-'"/>
              <xsl:sequence select="string-join((1 to min(($line-width, max($wrapped ! string-length(.))))) ! $rule)"/>
            </xsl:if>
            <xsl:next-iteration><xsl:with-param name="previous" select="$kind"/></xsl:next-iteration>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:sequence select="string-join($lines, '&#10;') || '&#10;'"/>
  </xsl:function>

</xsl:stylesheet>
