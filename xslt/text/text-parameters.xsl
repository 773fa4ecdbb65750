<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the plain-text edition. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- $line-width  Lines are wrapped at this many characters (a longer single word stays whole). -->
  <xsl:param name="line-width" as="xs:integer" select="72"/>

</xsl:stylesheet>
