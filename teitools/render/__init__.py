"""One renderer per edition format (html, txt, pdf) with the interface of :mod:`teitools.render.base`."""
