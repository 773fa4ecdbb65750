"""The order of every sorted list: the Unicode Collation Algorithm as ICU implements it.

Register pages, the print index, the ePub's registers and the ties of the chronology are
sorted by keys made here (:func:`sort_key`) and handed to the stylesheets, which compare
them as strings (see ``xslt/common/collation.xsl``).  ICU applies the CLDR tailoring of the
text's language: in Vietnamese ă, â, đ, ê, ô, ơ, ư are letters of their own and the tones
come in dictionary order; in German ä sorts with a; a language without a tailoring (or no
language) gets the root collation, the DUCET.  Digits compare as numbers ("số 4" before "số
19"); spaces and punctuation are not ignored, so a shorter word comes first ("Việt Nam"
before "Việt Nam học xá").
"""

from __future__ import annotations

import functools
import re

import icu

__all__ = ["normalize_space", "sort_key", "sort_key_name"]

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """``text`` as XPath's ``normalize-space()`` gives it (only XML's four space characters count)."""
    return _XML_SPACE.sub(" ", text).strip(" ")


def sort_key_name(text: str, language: str) -> str:
    """The name under which the stylesheets look up the key of ``text`` in ``language``."""
    return f"{language}\t{normalize_space(text)}"


@functools.lru_cache(maxsize=64)
def _collator(language: str) -> icu.Collator:
    try:
        collator = icu.Collator.createInstance(icu.Locale.forLanguageTag(language) if language else icu.Locale.getRoot())
    except icu.ICUError:  # not a language tag ICU can read: the root collation
        collator = icu.Collator.createInstance(icu.Locale.getRoot())
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def sort_key(text: str, language: str) -> str:
    """A string whose code-point order is the collation order of ``text`` in ``language``
    (a BCP 47 tag, as ``xml:lang`` gives it; "" or a tag ICU cannot read: the root collation): the
    hexadecimal digits of ICU's sort key."""
    return _collator(language.strip()).getSortKey(normalize_space(text)).hex()
