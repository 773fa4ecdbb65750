<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the HTML edition. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- $assets  Folder of edition.css and edition.js, relative to the pages. -->
  <xsl:param name="assets" as="xs:string" select="'assets/'"/>

  <!-- $ui-language  Language of the edition's own labels (navigation, headings). -->
  <xsl:param name="ui-language" as="xs:string" select="'en'"/>

  <!--
    $register-kinds  Kinds of register page that exist ('person', 'place', 'organisation', 'event'),
                     space-separated; the navigation links only these.
  -->
  <xsl:param name="register-kinds" as="xs:string" select="''"/>

  <!-- $page  For corpus.xsl: 'index', 'chronology', or a register kind ('person', 'place', 'organisation', 'event'). -->
  <xsl:param name="page" as="xs:string" select="'index'"/>

</xsl:stylesheet>
