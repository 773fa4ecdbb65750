"""libxml2's well-formedness messages rewritten as plain sentences.

libxml2 says "Opening and ending tag mismatch: head line 126 and haed" and points past
the closing tag; a reader wants "the closing tag </haed> at 126:67 does not match <head>
opened at 126:12".  Columns are counted in characters from 1, as everywhere else in the
report; the opening tag's column, which libxml2 does not give, is found in the line's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from teitools.diagnostics import Diagnostic

_Rewrite = Callable[[re.Match[str], Diagnostic, list[str]], tuple[str, str, int]]


def plain_syntax_finding(finding: Diagnostic, source: bytes) -> Diagnostic:
    """``finding`` with libxml2's wording replaced by a sentence (others unchanged)."""
    if finding.layer != "wellformed":
        return finding
    for pattern, rewrite in _REWRITES:
        match = pattern.search(finding.message)
        if match is not None:
            lines = source.decode("utf-8", errors="replace").splitlines()
            message, hint, column = rewrite(match, finding, lines)
            return replace(finding, message=message, hint=hint or finding.hint, column=column)
    return finding


def _mismatch(match: re.Match[str], finding: Diagnostic, lines: list[str]) -> tuple[str, str, int]:
    opened, opened_line, closing = match.group(1), int(match.group(2)), match.group(3)
    column = _tag_column(lines, finding.line, f"</{closing}", before=finding.column) or finding.column
    before = column if opened_line == finding.line else None
    opened_at = _tag_column(lines, opened_line, f"<{opened}", before=before)
    where = f"{opened_line}:{opened_at}" if opened_at else f"line {opened_line}"
    return (f"the closing tag </{closing}> at {finding.line}:{column} does not match <{opened}> opened at {where}",
            f"close <{opened}> with </{opened}> before </{closing}>, or correct the misspelt tag name", column)


def _premature_end(match: re.Match[str], finding: Diagnostic, lines: list[str]) -> tuple[str, str, int]:
    opened, opened_line = match.group(1), int(match.group(2))
    opened_at = _tag_column(lines, opened_line, f"<{opened}", before=None)
    where = f"{opened_line}:{opened_at}" if opened_at else f"line {opened_line}"
    return (f"the file ends before <{opened}> opened at {where} is closed",
            f"add </{opened}> where the element ends (the file may have been cut short)", finding.column)


def _fixed(message: str, hint: str) -> _Rewrite:
    def rewrite(match: re.Match[str], finding: Diagnostic, _lines: list[str]) -> tuple[str, str, int]:
        return message.format(*match.groups()), hint.format(*match.groups()), finding.column
    return rewrite


_REWRITES: tuple[tuple[re.Pattern[str], _Rewrite], ...] = (
    (re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"), _mismatch),
    (re.compile(r"Premature end of data in tag (\S+) line (\d+)"), _premature_end),
    (re.compile(r"Attribute (\S+) redefined"),
     _fixed("the attribute {0} is written twice in the same tag", "keep one of the two")),
    (re.compile(r"Entity '([^']+)' not defined"),
     _fixed("the entity reference &{0}; is not defined",
            "replace the entity reference with the character itself (teitools does not read DTDs)")),
    (re.compile(r"EntityRef: expecting ';'|xmlParseEntityRef: no name"),
     _fixed("an & that does not start a character or entity reference", "write & as &amp;")),
    (re.compile(r"Extra content at the end of the document"),
     _fixed("there is more after the end of the document element",
            "a document has one outermost element: remove what follows it, or wrap both in one element")),
    (re.compile(r"Couldn't find end of Start Tag (\S+)"),
     _fixed("the start tag <{0}> is not closed by >",
            "check the tag's attributes: each needs a name, =, a quoted value, and a space before the next")),
    (re.compile(r"Comment not terminated"), _fixed("a comment <!-- is not closed by -->", "add --> where it ends")),
    (re.compile(r"StartTag: invalid element name"),
     _fixed("a < that does not start a tag", "write < in text as &lt;")),
    (re.compile(r"Unescaped '<' not allowed in attributes values"),
     _fixed("an attribute value contains <", "write < in attribute values as &lt;")),
    (re.compile(r"PCDATA invalid Char value (\d+)"),
     _fixed("the text contains a character XML does not allow (code {0})",
            "remove the character; it is usually debris of a conversion")),
    (re.compile(r"xmlParseCharRef: invalid xmlChar value (\d+)"),
     _fixed("the character reference names a character XML does not allow (code {0})", "remove the reference")),
    (re.compile(r"Namespace prefix (\S+) on (\S+) is not defined"),
     _fixed("the prefix {0}: of <{0}:{1}> is not declared", "declare it with xmlns:{0}=\"…\" on this or an outer element")),
    (re.compile(r"Sequence '\]\]>' not allowed in content"),
     _fixed("the text contains ]]>, which XML does not allow there", "write it as ]]&gt;")),
    (re.compile(r"CData section not finished"),
     _fixed("a CDATA section <![CDATA[ is not closed by ]]>", "add ]]> where it ends")),
    (re.compile(r"XML declaration allowed only at the start of the document"),
     _fixed("the XML declaration <?xml …?> is not at the very start of the file",
            "remove what comes before it (also blank lines), or remove the second declaration")),
    (re.compile(r"AttValue: \" or ' expected"),
     _fixed("an attribute value is not in quotes", "write the value as name=\"value\"")),
    (re.compile(r"Specification mandates value for attribute (\S+)"),
     _fixed("the attribute {0} has no value", "write {0}=\"…\"")),
)


def _tag_column(lines: list[str], line: int, tag: str, before: int | None) -> int | None:
    """The column (from 1) of the last ``tag`` (followed by a name boundary) on ``line``,
    before column ``before`` when given."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1] if before is None else lines[line - 1][:max(before - 1, 0)]
    found = [m.start() + 1 for m in re.finditer(re.escape(tag) + r"(?=[\s/>]|$)", text)]
    return found[-1] if found else None
