<?xml version="1.0" encoding="UTF-8"?>
<!-- Normalised values: dates from @when/@from/@to/@notBefore/@notAfter, numbers from num/@value, measures. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ttp:months" as="xs:string+"
      select="('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
               'September', 'October', 'November', 'December')"/>

  <!-- An ISO 8601 date of year, year-month or day precision in words: "1950-07-15" → "15 July 1950". -->
  <xsl:function name="tt:format-iso-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:analyze-string select="$iso" regex="^(-?\d{{4}})(-(\d{{2}}))?(-(\d{{2}}))?$">
      <xsl:matching-substring>
        <xsl:variable name="month" as="xs:integer?" select="if (regex-group(3)) then xs:integer(regex-group(3)) else ()"/>
        <xsl:variable name="day" as="xs:integer?" select="if (regex-group(5)) then xs:integer(regex-group(5)) else ()"/>
        <xsl:sequence select="string-join((
            string($day)[exists($day)],
            $ttp:months[$month][exists($month) and $month le 12],
            regex-group(1)), ' ')"/>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:sequence select="."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>

  <!-- The earliest ISO value a date gives (@when, @from, @notBefore), or ''. -->
  <xsl:function name="tt:date-start" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="string(($date/@when, $date/@from, $date/@notBefore, $date/@when-iso, $date/@from-iso,
                                  $date/@notBefore-iso, $date/@to, $date/@notAfter)[1])"/>
  </xsl:function>

  <!-- The latest ISO value a date gives (@when, @to, @notAfter), or ''. -->
  <xsl:function name="tt:date-end" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="string(($date/@when, $date/@to, $date/@notAfter, $date/@when-iso, $date/@to-iso,
                                  $date/@notAfter-iso, $date/@from, $date/@notBefore)[1])"/>
  </xsl:function>

  <!-- The normalised value of a date in words: "15 July 1950", "1953 – 1954", "between 1 February 1954 and 10 February 1954". -->
  <xsl:function name="tt:format-date" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="when" as="xs:string?" select="($date/@when, $date/@when-iso)[1]"/>
    <xsl:variable name="from" as="xs:string?" select="($date/@from, $date/@from-iso)[1]"/>
    <xsl:variable name="to" as="xs:string?" select="($date/@to, $date/@to-iso)[1]"/>
    <xsl:variable name="after" as="xs:string?" select="($date/@notBefore, $date/@notBefore-iso)[1]"/>
    <xsl:variable name="before" as="xs:string?" select="($date/@notAfter, $date/@notAfter-iso)[1]"/>
    <xsl:sequence select="
        if ($when) then tt:format-iso-date($when)
        else if ($from and $to) then tt:format-iso-date($from) || ' – ' || tt:format-iso-date($to)
        else if ($from) then 'from ' || tt:format-iso-date($from)
        else if ($to) then 'until ' || tt:format-iso-date($to)
        else if ($after and $before) then 'between ' || tt:format-iso-date($after) || ' and ' || tt:format-iso-date($before)
        else if ($after) then 'not before ' || tt:format-iso-date($after)
        else if ($before) then 'not after ' || tt:format-iso-date($before)
        else normalize-space($date)"/>
  </xsl:function>

  <!-- True if a date carries a normalised value. -->
  <xsl:function name="tt:has-date-value" as="xs:boolean">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="tt:date-start($date) ne ''"/>
  </xsl:function>

  <!-- The value of a num for display: digits grouped by thousands, ratios and percentages kept. -->
  <xsl:function name="tt:format-number" as="xs:string">
    <xsl:param name="num" as="element()"/>
    <xsl:variable name="value" as="xs:string" select="normalize-space(($num/@value, $num/@quantity, $num)[1])"/>
    <xsl:variable name="shown" as="xs:string" select="
        if ($value castable as xs:decimal)
        then translate(format-number(xs:decimal($value), '#,##0.##########'), ',', '&#x202F;')
        else $value"/>
    <xsl:sequence select="if ($num/@type = 'percentage') then $shown || '%' else $shown"/>
  </xsl:function>

  <!-- A measure's normalised quantity and unit: "27 km", "3 (đá)". -->
  <xsl:function name="tt:format-measure" as="xs:string">
    <xsl:param name="measure" as="element()"/>
    <xsl:sequence select="string-join((
        ($measure/@quantity ! tt:format-number(..)),
        string($measure/@unit)[. ne ''],
        ($measure/@commodity ! ('(' || . || ')'))), ' ')"/>
  </xsl:function>

</xsl:stylesheet>
