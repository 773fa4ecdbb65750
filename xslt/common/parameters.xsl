<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters shared by every format. Each format may add its own in its own parameters module. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools"
    exclude-result-prefixes="#all">

  <!--
    $registers  The project's registers, built once by the Python side
                (teitools.registers.RegisterSet.parameter_tree):

                  <tt:registers xmlns:tt="urn:teitools">
                    <TEI xmlns="http://www.tei-c.org/ns/1.0" tt:href="registers/persons.xml">…</TEI>
                    <TEI xmlns="http://www.tei-c.org/ns/1.0" tt:href="registers/places.xml">…</TEI>
                  </tt:registers>

                Each child is the complete root element of one register document;
                @tt:href is its path relative to the corpus root, with "/" separators.
                Pointers are resolved against these hrefs (see pointers.xsl); the
                stylesheets never open a file. An empty sequence means "no registers".
  -->
  <xsl:param name="registers" as="document-node()?" select="()"/>

  <!--
    $register-sort-keys, $sort-keys  The collation keys of the texts the stylesheet sorts
                (see collation.xsl), made by the Python side (teitools.render.sorting):
                map { "LANGUAGEmap { "LANGUAGE&#9;TEXT": KEY }lt;TABmap { "LANGUAGE&#9;TEXT": KEY }gt;TEXT": KEY }, KEY a string whose code-point order is the
                Unicode Collation Algorithm's order in that language. $register-sort-keys
                holds the keys of the registers' entries (made once per build);
                $sort-keys those of the document's own entries or of the corpus pages'
                document titles.
  -->
  <xsl:param name="register-sort-keys" as="map(xs:string, xs:string)" select="map{}"/>
  <xsl:param name="sort-keys" as="map(xs:string, xs:string)" select="map{}"/>

  <!--
    $document-href  Path of the document being transformed, relative to the corpus
                    root ("dong-xuan.xml", "letters/l1.xml"). Relative pointers of the
                    document ("registers/persons.xml#per-x") are resolved against it.
  -->
  <xsl:param name="document-href" as="xs:string" select="'document.xml'"/>

  <!--
    $text-number  Which text of the document the edition shows: 0 for the root element (a
                  TEI document), n for the n-th TEI element in document order (the texts of a
                  teiCorpus, nested corpora included; teitools.corpus.texts decides which
                  exist). The headers of the teiCorpus elements around it are its shared
                  metadata (see tt:metadata).
  -->
  <xsl:param name="text-number" as="xs:integer" select="0"/>

  <!--
    $local-images  The image URLs of the document (graphic/@url, as written) whose files lie
                   beside it, inside its folder, one per line (an empty line for one this edition
                   cannot use); computed by teitools.render.images, which also copies or places
                   them as image-N.EXT, N the line. Any other image is a placeholder.
  -->
  <xsl:param name="local-images" as="xs:string" select="''"/>

  <!--
    $unknown-element-policy  What to do with an element no template knows:
                             'warn' (keep its text and emit one xsl:message
                             "unknown element NAME at PATH" per element name) or
                             'silent' (keep its text, say nothing).
  -->
  <xsl:param name="unknown-element-policy" as="xs:string" select="'warn'"/>

</xsl:stylesheet>
