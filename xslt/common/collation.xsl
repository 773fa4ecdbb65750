<?xml version="1.0" encoding="UTF-8"?>
<!--
  The order of every sorted list (register pages, the print index, ties in the chronology).

  Sort with  <xsl:sort select="tt:sort-key(.)"/>  (or tt:collation-key($text, $language)) and
  the default codepoint collation: the key is made here, in the manner of the Unicode Collation
  Algorithm, in three levels compared one after the other:

  1. letters: case and diacritics set aside, punctuation ignored, words kept apart (a shorter
     word before a longer one: "Việt Nam" before "Việt Nam học xá"), digits compared as numbers
     ("số 4" before "số 19"), ß as ss;
  2. diacritics, letter by letter;
  3. case, lower before upper.

  Tailoring for Vietnamese (vi): ă, â, đ, ê, ô, ơ, ư are letters of their own, after their
  base letter ("an" < "ăn" < "ân" < "ba", "Dương" < "Đà Nẵng"), and the tones are compared at
  the second level in the order of Vietnamese dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
  German and the other languages use the untailored order ("Ober" < "Ölberg" < "Oz").

  (Saxon-HE's own UCA collation URI was measured and not used: it compares "X 1" after
  "x 19" and ignores spaces, so "Bản Kéo" came before "Ba Vân".)

  A register entry may give @sortKey (TEI att.sortable): it is sorted under that key while its
  label is shown as written ("sông Cầu" with sortKey="Cầu" under C).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools"
    xmlns:ttp="urn:teitools:private"
    exclude-result-prefixes="#all">

  <!-- Separates the levels of a key; below every character a level holds (a tab, valid in XML). -->
  <xsl:variable name="ttp:level-separator" as="xs:string" select="'&#9;'"/>
  <!-- Vietnamese tones (combining marks) by dictionary rank: huyền, hỏi, ngã, sắc, nặng. -->
  <xsl:variable name="ttp:vietnamese-tones" as="xs:string" select="'&#x300;&#x309;&#x303;&#x301;&#x323;'"/>

  <!-- The key of a register entry or of any element: its @sortKey, else its label, in its language. -->
  <xsl:function name="tt:sort-key" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="given" as="xs:string?"
        select="($element/@sortKey, $element/*[@sortKey][not(@type = 'variant')]/@sortKey)[1]"/>
    <xsl:sequence select="tt:collation-key((normalize-space($given)[. ne ''], tt:entry-label($element))[1],
                                           tt:language($element))"/>
  </xsl:function>

  <!-- A string whose codepoint order is the collation order of $text in $language. -->
  <xsl:function name="tt:collation-key" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="language" as="xs:string"/>
    <xsl:variable name="vietnamese" as="xs:boolean" select="starts-with(lower-case($language), 'vi')"/>
    <xsl:variable name="letters" as="xs:string"
        select="normalize-unicode(replace(normalize-space($text), 'ß', 'ss'), 'NFD')
                => replace('[\p{P}\p{S}]+', ' ') => normalize-space()"/>
    <xsl:variable name="tailored" as="xs:string" select="if ($vietnamese) then ttp:vietnamese-letters($letters) else $letters"/>
    <xsl:variable name="units" as="xs:string*">
      <xsl:analyze-string select="$tailored" regex="\P{{M}}\p{{M}}*">
        <xsl:matching-substring><xsl:sequence select="."/></xsl:matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join((
        ttp:numbers-by-length(lower-case(replace($tailored, '\p{M}', ''))),
        string-join($units ! ttp:diacritic-rank(substring(., 2), $vietnamese)),
        string-join($units ! (if (substring(., 1, 1) = upper-case(substring(., 1, 1))
                                  and substring(., 1, 1) != lower-case(substring(., 1, 1))) then '1' else '0'))),
        $ttp:level-separator)"/>
  </xsl:function>

  <!-- Vietnamese letters of their own as base letter + a Greek letter (ordered after every Latin one).
       In NFD a dot below comes before a breve or circumflex on the same letter: "ặ" is a, dot below, breve. -->
  <xsl:function name="ttp:vietnamese-letters" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="$text
        => replace('đ', 'dα') => replace('Đ', 'Dα')
        => replace('([aA])(&#x323;?)&#x306;', '$1α$2') => replace('([aA])(&#x323;?)&#x302;', '$1β$2')
        => replace('([eE])(&#x323;?)&#x302;', '$1α$2') => replace('([oO])(&#x323;?)&#x302;', '$1α$2')
        => replace('([oO])&#x31B;', '$1β') => replace('([uU])&#x31B;', '$1α')"/>
  </xsl:function>

  <!-- Each run of digits as its length and its digits without leading zeros: "4" → "14", "19" → "219". -->
  <xsl:function name="ttp:numbers-by-length" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:analyze-string select="$text" regex="[0-9]+">
        <xsl:matching-substring>
          <xsl:variable name="digits" as="xs:string" select="(replace(., '^0+', '')[. ne ''], '0')[1]"/>
          <xsl:sequence select="codepoints-to-string(48 + min((string-length($digits), 9))) || $digits"/>
        </xsl:matching-substring>
        <xsl:non-matching-substring><xsl:sequence select="."/></xsl:non-matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:function>

  <!-- The second-level weight of a letter's marks: "0" without; a Vietnamese tone's rank; else the marks. -->
  <xsl:function name="ttp:diacritic-rank" as="xs:string">
    <xsl:param name="marks" as="xs:string"/>
    <xsl:param name="vietnamese" as="xs:boolean"/>
    <xsl:variable name="tone" as="xs:integer?"
        select="if ($vietnamese) then (string-to-codepoints($marks) ! index-of(string-to-codepoints($ttp:vietnamese-tones), .))[1] else ()"/>
    <xsl:sequence select="if ($marks = '') then '0' else if (exists($tone)) then string($tone) else $marks"/>
  </xsl:function>

</xsl:stylesheet>
