<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the ePub edition (set by teitools/render/epub.py). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- $identifier  The book's unique identifier (dc:identifier), "urn:uuid:…", stable for the text. -->
  <xsl:param name="identifier" as="xs:string" select="'urn:uuid:00000000-0000-0000-0000-000000000000'"/>

  <!-- $modified  The date of the book, dcterms:modified: "CCYY-MM-DDThh:mm:ssZ" (UTC). -->
  <xsl:param name="modified" as="xs:string" select="'2000-01-01T00:00:00Z'"/>

  <!-- $source-href  Where the TEI source is in the book, relative to the package document ("source/letters.xml"). -->
  <xsl:param name="source-href" as="xs:string" select="'source/source.xml'"/>

  <!-- $css-href  The book's style sheet, relative to the package document. -->
  <xsl:param name="css-href" as="xs:string" select="'edition.css'"/>

</xsl:stylesheet>
