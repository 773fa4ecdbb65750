"""The project's edition in tei/: fidelity to the seeds, consistency, completeness of tagging.

Each check is also run on a mutated copy of a document to show that it fails when one
word, one ``@when`` or one ``@value`` changes.
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree

from corpus_words import NS, TEI, first_difference, seed_words, source_text_of, tei_words
from teitools.corpus import parse_document
from teitools.validate.dates import check_dates

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tei"
SEEDS = ROOT.parent / "shared" / "seeds"
NAMES = Path(__file__).resolve().parent / "fixtures" / "corpus"

#: seed file → (TEI document, passages of the seed that the encoding moved into the header)
EDITION = {
    "000_985351b66b34ee46.txt": ("dong-xuan-1953-1954-va-dien-bien-phu.xml", ()),
    "002_36db46267027cb91.txt": (
        "thai-nguyen-voi-chien-dich-bien-gioi-1950.xml",
        (
            "THÁI NGUYÊN VỚI CHIẾN DỊCH BIÊN GIỚI THU - ĐÔNG NĂM 1950",  # title → titleStmt/title
            "Đặng Văn Duy",  # author → titleStmt/author
            "Trường Đại học Khoa học - ĐH Thái Nguyên",  # affiliation → author/affiliation
        ),
    ),
    "004_75e76d5e3936b0f0.txt": (
        "ha-noi-chia-lua-voi-mat-tran-dien-bien-phu.xml",
        ("(http://thanglong.chinhphu.vn/Home/Ha-Noi-chia-lua-voi-mat-tran-Dien-Bien-Phu/20105/4822.vgp)",),  # URL → sourceDesc
    ),
}

NAME_ELEMENTS = {"person": "persName", "place": "placeName", "org": "orgName", "event": "name"}
REGISTER_FILES = {"per": "persons.xml", "pla": "places.xml", "org": "organisations.xml", "evt": "events.xml"}


def _document(seed: str) -> Path:
    return CORPUS / EDITION[seed][0]


def _assert_faithful(seed: str, document: Path) -> None:
    expected = seed_words(SEEDS / seed, EDITION[seed][1])
    difference = first_difference(expected, tei_words(document))
    assert not difference, f"{document.name} differs from {seed}: {difference}"


def _mutate(source: Path, target_dir: Path, old: str, new: str) -> Path:
    """A copy of ``source`` with the first occurrence of ``old`` in its ``<text>`` replaced by ``new``."""
    content = source.read_text(encoding="utf-8")
    start = content.index("<text")
    header, text = content[:start], content[start:]
    assert old in text, f"{old!r} not in the text of {source.name}"
    target = target_dir / source.name
    target.write_text(header + text.replace(old, new, 1), encoding="utf-8")
    return target


# --- fidelity --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", sorted(EDITION))
def test_every_word_of_the_seed_survives_encoding(seed: str) -> None:
    _assert_faithful(seed, _document(seed))


def test_fidelity_check_fails_when_one_word_changes(tmp_path: Path) -> None:
    seed = "004_75e76d5e3936b0f0.txt"
    mutated = _mutate(_document(seed), tmp_path, "kìm hãm", "kìm giữ")
    with pytest.raises(AssertionError, match="hãm"):
        _assert_faithful(seed, mutated)


def test_fidelity_check_fails_when_one_word_is_doubled(tmp_path: Path) -> None:
    seed = "000_985351b66b34ee46.txt"
    mutated = _mutate(_document(seed), tmp_path, "thung lũng", "thung thung lũng")
    with pytest.raises(AssertionError):
        _assert_faithful(seed, mutated)


def test_fidelity_check_fails_when_a_correction_replaces_the_original(tmp_path: Path) -> None:
    seed = "004_75e76d5e3936b0f0.txt"
    mutated = _mutate(_document(seed), tmp_path, "<sic>chông</sic>", "<sic>chống</sic>")
    with pytest.raises(AssertionError, match="chông"):
        _assert_faithful(seed, mutated)


# --- corrections are visible -----------------------------------------------------------

def test_known_typos_are_corrected_visibly() -> None:
    expected = {
        "004_75e76d5e3936b0f0.txt": [("chông", "chống")],
        "002_36db46267027cb91.txt": [("trên trên", "trên"), ("khỏi khỏi", "khỏi")],
    }
    for seed, corrections in expected.items():
        tree = etree.parse(str(_document(seed)))
        pairs = {(_text(c.find("tei:sic", NS)), _text(c.find("tei:corr", NS)))
                 for c in tree.iterfind(".//tei:text//tei:choice", NS)}
        for pair in corrections:
            assert pair in pairs, f"{seed}: correction {pair} not encoded as choice/sic/corr; found {sorted(pairs)}"


# --- consistency: dates ----------------------------------------------------------------

@pytest.mark.parametrize("seed", sorted(EDITION))
def test_every_date_agrees_with_its_text(seed: str) -> None:
    parsed = parse_document(_document(seed))
    assert parsed.document is not None
    findings = check_dates(parsed.document)
    assert findings == [], "\n".join(f"{f.line}:{f.column} {f.rule} {f.message}" for f in findings)


def test_date_check_fails_when_one_when_changes(tmp_path: Path) -> None:
    mutated = _mutate(_document("004_75e76d5e3936b0f0.txt"), tmp_path, 'when="1954-04-12"', 'when="1954-04-13"')
    parsed = parse_document(mutated)
    assert parsed.document is not None
    rules = [f.rule for f in check_dates(parsed.document)]
    assert rules == ["dates.text-disagrees"]


# --- consistency: numbers --------------------------------------------------------------

_DIGITS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
           "mười": 10, "nhất": 1}
_MULTIPLIERS = {"chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "vạn": 10_000, "triệu": 1_000_000}


def number_in_text(text: str) -> Fraction:
    """The value a Vietnamese number phrase states: '16 200', '3.100', '20 vạn', '2/3', 'thứ năm', '50%'."""
    words = unicodedata.normalize("NFC", text).strip().lower().replace("%", " ").split()
    if words and words[0] == "thứ":
        words = words[1:]
    joined = " ".join(words)
    fraction = re.fullmatch(r"(\d+)/(\d+)", joined)
    if fraction:
        return Fraction(int(fraction.group(1)), int(fraction.group(2)))
    digits = re.match(r"\d{1,3}(?:[ .]\d{3})+(?!\d)|\d+(?:,\d+)?", joined)
    if digits:
        value = Fraction(digits.group(0).replace(" ", "").replace(".", "").replace(",", "."))
        rest = joined[digits.end():].split()
    elif words and words[0] == "nửa":  # "nửa tháng": half a month
        value, rest = Fraction(1, 2), words[1:]
    elif words and words[0] in _DIGITS:
        value, rest = Fraction(_DIGITS[words[0]]), words[1:]
    elif words and words[0] == "hàng" and len(words) > 1 and words[1] in _MULTIPLIERS:
        return Fraction(_MULTIPLIERS[words[1]])  # "hàng ngàn": at least a thousand
    else:
        raise ValueError(f"no number in {text!r}")
    for word in rest:
        if word in _MULTIPLIERS:
            value *= _MULTIPLIERS[word]
        elif not re.fullmatch(r"[a-z0-9]+", word):  # a unit written on the number ("1km")
            raise ValueError(f"unexpected word {word!r} in number {text!r}")
    return value


def _num_mismatches(document: Path) -> list[str]:
    tree = etree.parse(str(document))
    problems = []
    for num in tree.iterfind(".//tei:text//tei:num", NS):
        text = source_text_of(num)
        stated = num.get("value") or num.get("atLeast") or num.get("atMost")
        if stated is None:
            problems.append(f"line {num.sourceline}: num {text!r} has no @value")
            continue
        try:
            expected = number_in_text(text)
        except ValueError as exc:
            problems.append(f"line {num.sourceline}: {exc}")
            continue
        if Fraction(stated) != expected:
            problems.append(f"line {num.sourceline}: num {text!r} has value {stated}, the text says {expected}")
    return problems


@pytest.mark.parametrize("seed", sorted(EDITION))
def test_every_number_value_agrees_with_its_text(seed: str) -> None:
    assert _num_mismatches(_document(seed)) == []


def test_number_check_fails_when_one_value_changes(tmp_path: Path) -> None:
    mutated = _mutate(_document("000_985351b66b34ee46.txt"), tmp_path, 'value="16200"', 'value="16000"')
    problems = _num_mismatches(mutated)
    assert len(problems) == 1 and "'16 200' has value 16000" in problems[0]


@pytest.mark.parametrize(("text", "value"), [
    ("16 200", 16200), ("3.100", 3100), ("5.190.108", 5190108), ("20 vạn", 200000), ("thứ năm", 5),
    ("2/3", Fraction(2, 3)), ("50%", 50), ("một", 1), ("1km", 1), ("hàng ngàn", 1000), ("nửa", Fraction(1, 2)),
])
def test_number_reader(text: str, value: Fraction) -> None:
    assert number_in_text(text) == value


# --- completeness of tagging -----------------------------------------------------------

_TAGGED_CONTEXTS = {f"{TEI}{name}" for name in (
    "num", "measure", "date", "time", "persName", "placeName", "orgName", "name", "bibl", "citedRange", "head")}


@pytest.mark.parametrize("seed", sorted(EDITION))
def test_no_digit_of_the_text_is_untagged(seed: str) -> None:
    """Every run of digits in the text is inside a number, date, name or citation."""
    tree = etree.parse(str(_document(seed)))
    untagged = []
    for element in tree.find(f"{TEI}text").iter():
        if not isinstance(element.tag, str):
            continue
        for text in (element.text, *(child.tail for child in element if isinstance(child.tag, str))):
            if text and re.search(r"\d", text) and not _inside_tagged(element):
                untagged.append(f"line {element.sourceline}: {text.strip()!r}")
    assert untagged == []


def _inside_tagged(element: etree._Element) -> bool:
    return any(ancestor.tag in _TAGGED_CONTEXTS for ancestor in element.iterancestors()) \
        or element.tag in _TAGGED_CONTEXTS


def _name_list(seed: str) -> list[tuple[str, str, str]]:
    path = NAMES / f"names-{seed[:3]}.tsv"
    with path.open(encoding="utf-8", newline="") as stream:
        return [(row[0], row[1], row[2]) for row in csv.reader(stream, delimiter="\t")
                if row and not row[0].startswith("#")]


def _register_entries(corpus: Path) -> dict[str, etree._Element]:
    entries: dict[str, etree._Element] = {}
    for name in REGISTER_FILES.values():
        tree = etree.parse(str(corpus / "registers" / name))
        for entry in tree.xpath("//tei:standOff//*[@xml:id]", namespaces=NS):
            entries[entry.get("{http://www.w3.org/XML/1998/namespace}id")] = entry
    return entries


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _untagged_names(seed: str, corpus: Path) -> list[str]:
    """Names of the seed's name list that the document or the registers miss."""
    tree = etree.parse(str(corpus / EDITION[seed][0]))
    register = _register_entries(corpus)
    tagged: dict[str, set[str]] = {}
    for element_name in NAME_ELEMENTS.values():
        for element in tree.iterfind(f".//tei:text//tei:{element_name}", NS):
            prefix, _, local = element.get("ref", "").partition(":")
            tagged.setdefault(_normal(source_text_of(element)), set()).add(f"{prefix}-{local}")
    problems = []
    for form, kind, register_id in _name_list(seed):
        if register_id not in tagged.get(_normal(form), set()):
            problems.append(f"{form!r} ({kind}) is not tagged with a pointer to {register_id}")
        entry = register.get(register_id)
        if entry is None:
            problems.append(f"{register_id} is not in the registers")
        elif _normal(form) not in {_normal(source_text_of(n)) for n in entry
                                   if etree.QName(n).localname in {"persName", "placeName", "orgName", "name", "label"}}:
            problems.append(f"{register_id} does not record the spelling {form!r}")
    return problems


@pytest.mark.parametrize("seed", sorted(EDITION))
def test_every_name_of_the_seed_is_tagged_and_registered(seed: str) -> None:
    assert _untagged_names(seed, CORPUS) == []


def test_names_check_fails_when_a_name_loses_its_tag(tmp_path: Path) -> None:
    seed = "000_985351b66b34ee46.txt"
    corpus = tmp_path / "tei"
    shutil.copytree(CORPUS, corpus)
    document = corpus / EDITION[seed][0]
    text = document.read_text(encoding="utf-8")
    untagged = re.sub(r'<persName[^>]*ref="per:navarre"[^>]*>(Nava)</persName>', r"\1", text, count=1)
    assert untagged != text
    document.write_text(untagged, encoding="utf-8")
    assert any("'Nava'" in problem for problem in _untagged_names(seed, corpus))


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


# --- one practice for date types and quotation marks -------------------------------------

_DATE_TYPE_ATTRIBUTES = {"exact": {"when"}, "period": {"from", "to"}, "approximate": {"notBefore", "notAfter"}}


def _date_type_problems(document: Path) -> list[str]:
    """Every date of the text has a @type, and the type agrees with the attributes given."""
    problems = []
    for date in etree.parse(str(document)).iterfind(".//tei:text//tei:date", NS):
        kind = date.get("type")
        given = {name for name in ("when", "from", "to", "notBefore", "notAfter") if date.get(name)}
        if kind is None:
            problems.append(f"line {date.sourceline}: date {source_text_of(date)!r} has no @type")
        elif kind in _DATE_TYPE_ATTRIBUTES and not given <= _DATE_TYPE_ATTRIBUTES[kind]:
            problems.append(f"line {date.sourceline}: date of type {kind!r} has {sorted(given)}")
    return problems


@pytest.mark.parametrize("seed", sorted(EDITION))
def test_every_date_has_a_type_that_fits_its_attributes(seed: str) -> None:
    assert _date_type_problems(_document(seed)) == []


def test_date_type_check_fails_when_a_type_is_dropped(tmp_path: Path) -> None:
    mutated = _mutate(_document("004_75e76d5e3936b0f0.txt"), tmp_path, '<date type="exact" when="1954-04-12">',
                      '<date when="1954-04-12">')
    assert [p.split(": ", 1)[1] for p in _date_type_problems(mutated)] == ["date 'Ngày 12/4/1954' has no @type"]


def _quotation_mark_problems(document: Path) -> list[str]:
    """The quotation marks of the source stand inside q and quote, never just outside."""
    problems = []
    for quotation in etree.parse(str(document)).xpath(".//tei:text//tei:q | .//tei:text//tei:quote", namespaces=NS):
        text = source_text_of(quotation).strip()
        before = (quotation.getprevious().tail if quotation.getprevious() is not None
                  else quotation.getparent().text) or ""
        if not (text.startswith("“") and text.endswith("”")) or before.endswith("“"):
            problems.append(f"line {quotation.sourceline}: {text!r}")
    return problems


@pytest.mark.parametrize("seed", sorted(EDITION))
def test_quotation_marks_stand_inside_the_quotation(seed: str) -> None:
    assert _quotation_mark_problems(_document(seed)) == []


def test_quotation_mark_check_fails_when_the_marks_stand_outside(tmp_path: Path) -> None:
    mutated = _mutate(_document("004_75e76d5e3936b0f0.txt"), tmp_path, "<q>“giấy thông hành”</q>",
                      "“<q>giấy thông hành</q>”")
    assert [p.split(": ", 1)[1] for p in _quotation_mark_problems(mutated)] == ["'giấy thông hành'"]
