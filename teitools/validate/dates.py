"""Date attributes: valid ISO 8601, consistent ranges, and agreement with the text.

Values are checked as TEI's ``teidata.temporal.w3c`` allows them (xsd:date, gYear,
gYearMonth, gMonthDay, gMonth, gDay, time, dateTime, with an optional time zone and
negative years); the ``-iso`` variants also accept ISO 8601 week and ordinal dates,
the basic format and ``start/end`` intervals.  A value is compared as the interval of
time it covers, so ``from="1950" to="1950-06"`` is consistent.  Where the text of a
``<date>`` holds a day/month/year date (Vietnamese and European order, d/m/y), the
attributes must cover the same time.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from lxml import etree

from teitools.corpus import ParsedDocument
from teitools.namespaces import TEI_NS
from teitools.diagnostics import Diagnostic, error, warning
from teitools.validate.attributes import AttributeIndex, AttributeIndexer

LAYER = "dates"

DATE_ATTRIBUTES = ("when", "from", "to", "notBefore", "notAfter")
_TEI = f"{{{TEI_NS}}}"
#: Elements whose ``@from``/``@to`` are not dates (page numbers, pointers).
NON_DATE_FROM_TO = frozenset({"citedRange", "biblScope", "locus", "span", "arc", "app", "locusGrp"})

_YEAR = r"(?P<year>-?(?:[1-9]\d{4,}|\d{4}))"
_MONTH = r"(?P<month>\d{2})"
_DAY = r"(?P<day>\d{2})"
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.\d+)?"
_ZONE = r"(?:Z|[+\-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_W3C_FORMS = [
    re.compile(rf"^{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}$"),
    re.compile(rf"^{_YEAR}-{_MONTH}-{_DAY}{_ZONE}$"),
    re.compile(rf"^{_YEAR}-{_MONTH}{_ZONE}$"),
    re.compile(rf"^{_YEAR}{_ZONE}$"),
    re.compile(rf"^--{_MONTH}-{_DAY}{_ZONE}$"),
    re.compile(rf"^--{_MONTH}{_ZONE}$"),
    re.compile(rf"^---{_DAY}{_ZONE}$"),
    re.compile(rf"^{_TIME}{_ZONE}$"),
]
_ISO_TIME = r"(?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,]\d+)?)?)?"
_ISO_ZONE = r"(?:Z|[+\-]\d{2}(?::?\d{2})?)?"
_ISO_FORMS = [
    re.compile(rf"^(?P<year>[+\-]?\d{{4,}})(?P<month>\d{{2}})(?P<day>\d{{2}})(?:T{_ISO_TIME}{_ISO_ZONE})?$"),
    re.compile(rf"^(?P<year>[+\-]?\d{{4,}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})T{_ISO_TIME}{_ISO_ZONE}$"),
    re.compile(r"^(?P<year>[+\-]?\d{4,})-?W(?P<week>\d{2})(?:-?(?P<weekday>[1-7]))?$"),
    re.compile(r"^(?P<year>[+\-]?\d{4,})-?(?P<ordinal>\d{3})$"),
    re.compile(r"^(?P<century>[+\-]?\d{2})$"),
    re.compile(rf"^T?{_ISO_TIME}{_ISO_ZONE}$"),
]

Day = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Interval:
    """The days a date value covers, first and last inclusive."""

    start: Day
    end: Day

    def within(self, other: Interval) -> bool:
        return other.start <= self.start and self.end <= other.end

    def nested(self, other: Interval) -> bool:
        """One of the two intervals holds the other (agreement at mixed precision)."""
        return self.within(other) or other.within(self)

    def label(self) -> str:
        """The interval at the precision it has: ``1950``, ``1950-07``, ``1954-03-03 – 1954-03-04``."""
        (y1, m1, d1), (y2, m2, d2) = self.start, self.end
        if (m1, d1, m2, d2) == (1, 1, 12, 31):
            return _year_label(y1) if y1 == y2 else f"{_year_label(y1)} – {_year_label(y2)}"
        if d1 == 1 and d2 == calendar.monthrange(y2, m2)[1]:
            first, last = f"{_year_label(y1)}-{m1:02d}", f"{_year_label(y2)}-{m2:02d}"
            return first if first == last else f"{first} – {last}"
        first, last = _day_label(self.start), _day_label(self.end)
        return first if first == last else f"{first} – {last}"


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A valid temporal value; ``interval`` is None when it names no year (time, gMonth…)."""

    text: str
    interval: Interval | None


def parse_temporal(value: str, *, iso: bool = False) -> ParsedValue | None:
    """The interval of a ``teidata.temporal.w3c`` (or ``.iso``) value, None if invalid."""
    text = value.strip()
    if iso and "/" in text:
        parts = text.split("/")
        if len(parts) != 2:
            return None
        first, last = (parse_temporal(p, iso=True) for p in parts)
        if first is None or last is None:
            return None
        if first.interval is None or last.interval is None:
            return ParsedValue(text, None)
        return ParsedValue(text, Interval(first.interval.start, last.interval.end))
    if iso:
        basic = _ISO_FORMS[0].match(text)
        if basic:
            return _checked_iso(text, basic.groupdict())
    for form in _W3C_FORMS:
        match = form.match(text)
        if match:
            return _checked(text, match.groupdict())
    if iso:
        for form in _ISO_FORMS[1:]:
            match = form.match(text)
            if match:
                return _checked_iso(text, match.groupdict())
    return None


def _checked(text: str, parts: dict[str, str | None]) -> ParsedValue | None:
    year = int(parts["year"]) if parts.get("year") else None
    month = int(parts["month"]) if parts.get("month") else None
    day = int(parts["day"]) if parts.get("day") else None
    if parts.get("hour") is not None and not _valid_time(parts):
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        last = calendar.monthrange(year if year is not None else 2000, month or 1)[1] if month else 31
        if not 1 <= day <= last:
            return None
    if year is None:
        return ParsedValue(text, None)
    if month is None:
        return ParsedValue(text, Interval((year, 1, 1), (year, 12, 31)))
    if day is None:
        return ParsedValue(text, Interval((year, month, 1), (year, month, calendar.monthrange(year, month)[1])))
    return ParsedValue(text, Interval((year, month, day), (year, month, day)))


def _valid_time(parts: dict[str, str | None]) -> bool:
    hour = int(parts["hour"] or 0)
    minute = int(parts.get("minute") or 0)
    second = int(parts.get("second") or 0)
    if hour == 24:
        return minute == 0 and second == 0
    return hour < 24 and minute < 60 and second < 60


def _checked_iso(text: str, parts: dict[str, str | None]) -> ParsedValue | None:
    if parts.get("century") is not None:
        century = int(parts["century"] or 0)
        return ParsedValue(text, Interval((century * 100, 1, 1), (century * 100 + 99, 12, 31)))
    if parts.get("week") is not None:
        year, week = int(parts["year"] or 0), int(parts["week"] or 0)
        weeks = 53 if _iso_long_year(year) else 52
        return ParsedValue(text, Interval((year, 1, 1), (year, 12, 31))) if 1 <= week <= weeks else None
    if parts.get("ordinal") is not None:
        year, ordinal = int(parts["year"] or 0), int(parts["ordinal"] or 0)
        return ParsedValue(text, Interval((year, 1, 1), (year, 12, 31))) if 1 <= ordinal <= (
            366 if calendar.isleap(year) else 365) else None
    return _checked(text, parts)


def _iso_long_year(year: int) -> bool:
    def weekday_of_jan1(y: int) -> int:
        return (y + (y - 1) // 4 - (y - 1) // 100 + (y - 1) // 400) % 7
    return weekday_of_jan1(year) == 4 or (calendar.isleap(year) and weekday_of_jan1(year) == 3)


def _year_label(year: int) -> str:
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def _day_label(day: Day) -> str:
    year, month, number = day
    return f"{_year_label(year)}-{month:02d}-{number:02d}"


# --------------------------------------------------------------------------- text

_DAY_RANGE = re.compile(r"(?<!\d)(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_FULL = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_FULL_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)?\s*(\d{4})(?!\d)", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"tháng\s+(\d{1,2})\s*(?:năm|[/\-–—,]|\s)\s*(\d{4})(?!\d)", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*(\d{4})(?!\d)")
_YEAR_ONLY = re.compile(r"(?<![\d/.,])(\d{4})(?![\d/.,]\d)")
_LONE_DAY = re.compile(r"ngày\s+(\d{1,2})(?!\s*[/\d])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Mention:
    position: int
    interval: Interval


def text_dates(text: str) -> tuple[Interval, Interval] | None:
    """The first and last date the text names, or None if it names none clearly."""
    mentions: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    unclear: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, interval: Interval | None) -> None:
        taken.append((start, end))
        if interval is None:
            unclear.append((start, end))
        else:
            mentions.append(_Mention(start, interval))

    for match in _DAY_RANGE.finditer(text):
        first, last, month, year = (int(g) for g in match.groups())
        add(match.start(), match.start(2), _day(year, month, first))
        add(match.start(2), match.end(), _day(year, month, last))
    for pattern in (_FULL_WORDS, _FULL):
        for match in pattern.finditer(text):
            if free(*match.span()):
                day, month, year = (int(g) for g in match.groups())
                add(*match.span(), _day(year, month, day))
    for pattern in (_MONTH_WORDS, _MONTH_YEAR):
        for match in pattern.finditer(text):
            if free(*match.span()):
                month, year = (int(g) for g in match.groups())
                add(*match.span(), _month(year, month))
    for match in _YEAR_ONLY.finditer(text):
        if free(*match.span()):
            year = int(match.group(1))
            if 1000 <= year <= 2999:
                add(*match.span(), Interval((year, 1, 1), (year, 12, 31)))
    for match in _LONE_DAY.finditer(text):
        if free(*match.span()):
            following = [m for m in mentions if m.position > match.start() and m.interval.start == m.interval.end]
            if following:
                year, month, _ = min(following, key=lambda m: m.position).interval.start
                add(*match.span(), _day(year, month, int(match.group(1))))
    if not mentions or unclear:
        return None
    ordered = sorted(mentions, key=lambda m: m.position)
    return ordered[0].interval, ordered[-1].interval


def _day(year: int, month: int, day: int) -> Interval | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return Interval((year, month, day), (year, month, day))


def _month(year: int, month: int) -> Interval | None:
    if not 1 <= month <= 12:
        return None
    return Interval((year, month, 1), (year, month, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------- check

#: Every date attribute name, plain and ``-iso``.
DATE_ATTRIBUTE_NAMES = tuple(f"{name}{suffix}" for name in DATE_ATTRIBUTES for suffix in ("", "-iso"))
_DATE_INDEXER = AttributeIndexer(DATE_ATTRIBUTE_NAMES)


def check_dates(document: ParsedDocument, attributes: AttributeIndex | None = None) -> list[Diagnostic]:
    """Invalid, reversed, conflicting and text-contradicting date attributes.

    ``attributes`` is the document's attribute index when the caller has made one."""
    index = attributes if attributes is not None else _DATE_INDEXER.index(document.root)
    elements = {element: None for element, _ in index.values(*DATE_ATTRIBUTE_NAMES)}
    findings: list[Diagnostic] = []
    for element in elements:
        if not element.tag.startswith(_TEI):
            continue
        values = _date_values(document, element, findings)
        if values is None:
            continue
        for first, last in (("from", "to"), ("notBefore", "notAfter")):
            start, end = values.get(first), values.get(last)
            if start and end and start.interval and end.interval and start.interval.start > end.interval.end:
                findings.append(error(*_where(document, element), "dates.range-reversed",
                                      f"@{first}='{start.text}' is later than @{last}='{end.text}'",
                                      f"swap the values of @{first} and @{last}"))
        if "when" in values and ("from" in values or "to" in values):
            findings.append(warning(*_where(document, element), "dates.conflicting-attributes",
                                    "@when is combined with @from/@to",
                                    "use @when for a point in time, or @from/@to for a period, not both"))
        if etree.QName(element).localname == "date":
            finding = _text_disagreement(document, element, values)
            if finding is not None:
                findings.append(finding)
    return findings


def _where(document: ParsedDocument, element: etree._Element) -> tuple[str, int, int, str]:
    return (document.name, *document.position(element), LAYER)


def _date_values(document: ParsedDocument, element: etree._Element,
                 findings: list[Diagnostic]) -> dict[str, ParsedValue] | None:
    """The valid date attributes of ``element`` (plain names win over ``-iso``)."""
    local = etree.QName(element).localname
    values: dict[str, ParsedValue] = {}
    invalid = False
    for name in DATE_ATTRIBUTES:
        if name in ("from", "to") and local in NON_DATE_FROM_TO:
            continue
        for attribute, iso in ((name, False), (f"{name}-iso", True)):
            raw = element.get(attribute)
            if raw is None:
                continue
            parsed = parse_temporal(raw, iso=iso)
            if parsed is None:
                invalid = True
                line, column = document.position(element)
                kind = "ISO 8601" if iso else "ISO 8601 (teidata.temporal.w3c)"
                findings.append(error(
                    document.name, line, column, LAYER, "dates.invalid-iso",
                    f"@{attribute}='{raw}' is not a valid {kind} date",
                    "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1950-07-15); the month and day must exist"))
            else:
                values.setdefault(name, parsed)
    if not values and not invalid:
        return None
    return {} if invalid else values


def _text_disagreement(document: ParsedDocument, element: etree._Element,
                       values: dict[str, ParsedValue]) -> Diagnostic | None:
    if not values or any(v.interval is None for v in values.values()):
        return None
    text = " ".join("".join(element.itertext()).split())
    found = text_dates(text)
    if found is None:
        return None
    text_start, text_end = found
    text_span = Interval(text_start.start, text_end.end)
    problems: list[str] = []
    if "when" in values:
        when = values["when"]
        if when.interval and not when.interval.nested(text_span):
            problems.append(f"@when='{when.text}'")
    for first, last in (("from", "to"), ("notBefore", "notAfter")):
        start, end = values.get(first), values.get(last)
        if start is None and end is None:
            continue
        if text_start != text_end:
            if start and start.interval and not start.interval.nested(text_start):
                problems.append(f"@{first}='{start.text}'")
            if end and end.interval and not end.interval.nested(text_end):
                problems.append(f"@{last}='{end.text}'")
        else:
            low = start.interval.start if start and start.interval else text_span.start
            high = end.interval.end if end and end.interval else text_span.end
            if low > high or not Interval(low, high).nested(text_span):
                problems.extend(f"@{n}='{v.text}'" for n, v in ((first, start), (last, end)) if v)
    if not problems:
        return None
    line, column = document.position(element)
    return error(document.name, line, column, LAYER, "dates.text-disagrees",
                 f"the text “{text}” gives {text_span.label()} but {' and '.join(problems)} "
                 f"{'does' if len(problems) == 1 else 'do'} not agree",
                 "correct the attribute (or the text, if the source has a misprint: mark it with sic/corr)")
