"""The TEI customization: derived schemas in step with the ODD, RNG and XSD agreeing on every
fixture, Schematron rules firing where expected, and everything valid also valid in tei_all."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from teitools.errors import TeitoolsError
from teitools.odd import OddError, compile_odd, derived_paths, iter_element_names, write_schemas

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
ODD = SCHEMA_DIR / "teitools.odd"
RNG, XSD, SCH, XML_XSD = derived_paths(ODD, SCHEMA_DIR)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schema"
TEI_ALL = Path("/work/shared/schemas/tei/tei_all.rng")
TEI_NS = "http://www.tei-c.org/ns/1.0"

VALID = sorted((FIXTURES / "valid").glob("*.xml"))
GRAMMAR_INVALID = sorted((FIXTURES / "invalid" / "grammar").glob("*.xml"))
SCHEMATRON_INVALID = sorted((FIXTURES / "invalid" / "schematron").glob("*.xml"))
EDITION_DOCUMENTS = sorted((REPO / "tei").glob("**/*.xml"))
EXPECTED_RULES: dict[str, str] = {
    name: entry["rule"] for name, entry in tomllib.loads((FIXTURES / "manifest.toml").read_text("utf-8")).items()
}


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


# ---------------------------------------------------------------- validators


@pytest.fixture(scope="module")
def relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(RNG), _safe_parser()))


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD), allow="sandbox")


def relaxng_accepts(schema: etree.RelaxNG, document: Path) -> bool:
    """RNG verdict; lxml's parser enforces xml:id (unique NCNames) while parsing, so a parse
    error on xml:id counts as a rejection like the XSD's xs:ID check."""
    try:
        tree = etree.parse(str(document), _safe_parser())
    except etree.XMLSyntaxError as error:
        if "ID" in str(error) or "xml:id" in str(error):
            return False
        raise
    return bool(schema.validate(tree))


def xsd_accepts(schema: xmlschema.XMLSchema, document: Path) -> bool:
    return bool(schema.is_valid(str(document.resolve())))


@dataclass(frozen=True)
class SchematronFailure:
    rule_id: str
    message: str


class SchematronRunner:
    """A small ISO Schematron evaluator (query binding xslt2) for the schema our ODD derives:
    every pattern holds one rule; rule contexts are relative patterns; asserts, reports and lets."""

    SCH = "http://purl.oclc.org/dsdl/schematron"

    def __init__(self, schema_path: Path) -> None:
        from saxonche import PySaxonProcessor

        self.processor = PySaxonProcessor(license=False)
        self.schema = etree.parse(str(schema_path), _safe_parser())
        self.namespaces = {
            ns.get("prefix", ""): ns.get("uri", "") for ns in self.schema.iterfind(f"{{{self.SCH}}}ns")
        }

    def failures(self, document: Path) -> list[SchematronFailure]:
        xpath = self.processor.new_xpath_processor()
        for prefix, uri in self.namespaces.items():
            xpath.declare_namespace(prefix, uri)
        root = self.processor.parse_xml(xml_file_name=str(document))
        found = []
        for rule in self.schema.iterfind(f".//{{{self.SCH}}}rule"):
            xpath.set_context(xdm_item=root)
            nodes = xpath.evaluate(f"//({rule.get('context')})")
            lets = "".join(
                f"let ${let.get('name')} := ({let.get('value')}) return "
                for let in rule.iterfind(f"{{{self.SCH}}}let")
            )
            for index in range(nodes.size if nodes is not None else 0):
                xpath.set_context(xdm_item=nodes.item_at(index))
                for check in rule:
                    kind = etree.QName(check).localname
                    if kind not in ("assert", "report"):
                        continue
                    holds = xpath.effective_boolean_value(lets + f"({check.get('test')})")
                    if (kind == "assert") != holds:
                        found.append(SchematronFailure(rule.get("id", ""), " ".join("".join(check.itertext()).split())))
        return found


@pytest.fixture(scope="module")
def schematron() -> SchematronRunner:
    return SchematronRunner(SCH)


@pytest.fixture(scope="module")
def tei_all_verdicts() -> dict[Path, str]:
    """Errors per document against the official tei_all (jing if installed, else lxml): '' = valid."""
    documents = VALID + EDITION_DOCUMENTS
    verdicts = {document: "" for document in documents}
    if not TEI_ALL.is_file():
        pytest.fail(f"tei_all.rng not found at {TEI_ALL}: cannot check conformance to TEI")
    jing = shutil.which("jing")
    if jing:
        run = subprocess.run([jing, str(TEI_ALL), *map(str, documents)], capture_output=True, text=True, timeout=600)
        if run.returncode not in (0, 1) or (run.returncode == 1 and not run.stdout.strip()):
            pytest.fail(f"jing failed to run: {run.stderr or run.stdout}")
        for line in run.stdout.splitlines():
            for document in documents:
                if line.startswith(f"{document}:"):
                    verdicts[document] += line + "\n"
        return verdicts
    try:
        schema = etree.RelaxNG(etree.parse(str(TEI_ALL), _safe_parser()))
    except etree.LxmlError as error:
        pytest.fail(f"neither jing nor lxml can load tei_all.rng: {error}")
    for document in documents:
        if not schema.validate(etree.parse(str(document), _safe_parser())):
            verdicts[document] = str(schema.error_log)
    return verdicts


# ---------------------------------------------------------------- (a) derived files in step


def test_committed_schemas_equal_a_fresh_compile() -> None:
    compiled = compile_odd(ODD)
    assert RNG.read_bytes() == compiled.relaxng, "schema/teitools.rng is stale: run python -m teitools.odd schema/teitools.odd"
    assert XSD.read_bytes() == compiled.xsd, "schema/teitools.xsd is stale: run python -m teitools.odd schema/teitools.odd"
    assert SCH.read_bytes() == compiled.schematron, "schema/teitools.sch is stale: run python -m teitools.odd schema/teitools.odd"
    assert XML_XSD.read_bytes() == compiled.xml_namespace_xsd, "schema/xml.xsd is stale"


def test_compilation_is_deterministic(tmp_path: Path) -> None:
    first = [path.read_bytes() for path in write_schemas(ODD, tmp_path / "one")]
    second = [path.read_bytes() for path in write_schemas(ODD, tmp_path / "two")]
    assert first == second


@pytest.mark.slow
def test_the_odd_itself_is_tei(tei_all_odd_verdict: str) -> None:
    assert tei_all_odd_verdict == ""


@pytest.fixture(scope="module")
def tei_all_odd_verdict() -> str:
    jing = shutil.which("jing")
    if not jing:
        pytest.skip("checking the ODD against tei_all needs jing")
    run = subprocess.run([jing, str(TEI_ALL), str(ODD)], capture_output=True, text=True, timeout=600)
    return run.stdout


def test_every_declared_element_exists_in_tei_all() -> None:
    tei_all = etree.parse(str(TEI_ALL), _safe_parser())
    rng = "http://relaxng.org/ns/structure/1.0"
    tei_elements = {node.get("name") for node in tei_all.iter(f"{{{rng}}}element")}
    declared = set(iter_element_names(ODD))
    assert declared - tei_elements == set()
    assert {"TEI", "persName", "date", "num", "standOff", "listEvent", "prefixDef"} <= declared


def test_rule_ids_become_schematron_rule_ids() -> None:
    rules = etree.parse(str(SCH)).getroot().iterfind(".//{http://purl.oclc.org/dsdl/schematron}rule")
    ids = {rule.get("id") for rule in rules}
    assert set(EXPECTED_RULES.values()) <= ids
    assert {"xmlid-unique", "range-from-to", "persName-ref", "placeName-ref", "orgName-ref", "name-event-ref"} <= ids


# ---------------------------------------------------------------- (b) verdicts of RNG and XSD


@pytest.mark.parametrize("document", VALID, ids=_ids(VALID))
def test_valid_fixture_passes_every_layer(
    document: Path, relaxng: etree.RelaxNG, xsd: xmlschema.XMLSchema, schematron: SchematronRunner
) -> None:
    assert relaxng_accepts(relaxng, document), str(relaxng.error_log)
    assert xsd_accepts(xsd, document), [error.reason for error in xsd.iter_errors(str(document))]
    assert schematron.failures(document) == []


@pytest.mark.parametrize("document", GRAMMAR_INVALID, ids=_ids(GRAMMAR_INVALID))
def test_grammar_invalid_fixture_fails_both_grammars(
    document: Path, relaxng: etree.RelaxNG, xsd: xmlschema.XMLSchema
) -> None:
    assert not relaxng_accepts(relaxng, document), "RELAX NG accepted it"
    assert not xsd_accepts(xsd, document), "XSD accepted it"


@pytest.mark.parametrize("document", SCHEMATRON_INVALID, ids=_ids(SCHEMATRON_INVALID))
def test_schematron_invalid_fixture_passes_grammars_and_fails_its_rule(
    document: Path, relaxng: etree.RelaxNG, xsd: xmlschema.XMLSchema, schematron: SchematronRunner
) -> None:
    assert relaxng_accepts(relaxng, document), str(relaxng.error_log)
    assert xsd_accepts(xsd, document), [error.reason for error in xsd.iter_errors(str(document))]
    fired = {failure.rule_id for failure in schematron.failures(document)}
    assert fired == {EXPECTED_RULES[f"invalid/schematron/{document.name}"]}


def test_duplicate_xml_id_is_also_a_schematron_failure(schematron: SchematronRunner) -> None:
    document = FIXTURES / "invalid" / "grammar" / "xmlid-duplicate.xml"
    fired = {failure.rule_id for failure in schematron.failures(document)}
    assert fired == {EXPECTED_RULES["invalid/grammar/xmlid-duplicate.xml"]}


def test_every_fixture_has_a_comment_naming_what_it_tests() -> None:
    for document in VALID + GRAMMAR_INVALID + SCHEMATRON_INVALID:
        first_comment = next(iter(etree.parse(str(document), etree.XMLParser(recover=True)).getroot().itersiblings(preceding=True)), None)
        assert first_comment is not None and isinstance(first_comment, etree._Comment), document.name
        expected_start = "valid:" if document.parent.name == "valid" else "invalid ("
        assert first_comment.text.strip().startswith(expected_start), document.name


def test_fixture_counts() -> None:
    assert len(VALID) >= 8
    assert len(GRAMMAR_INVALID) + len(SCHEMATRON_INVALID) >= 15
    assert {f"invalid/schematron/{path.name}" for path in SCHEMATRON_INVALID} <= EXPECTED_RULES.keys()


# ---------------------------------------------------------------- the edition's own documents


@pytest.mark.slow
@pytest.mark.parametrize("document", EDITION_DOCUMENTS, ids=_ids(EDITION_DOCUMENTS))
def test_edition_document_is_valid_against_the_customization(
    document: Path, relaxng: etree.RelaxNG, xsd: xmlschema.XMLSchema, schematron: SchematronRunner
) -> None:
    assert relaxng_accepts(relaxng, document), str(relaxng.error_log)
    assert xsd_accepts(xsd, document), [error.reason for error in xsd.iter_errors(str(document.resolve()))][:5]
    assert schematron.failures(document) == []


# ---------------------------------------------------------------- (c) conformance to tei_all


@pytest.mark.slow
@pytest.mark.parametrize("document", VALID + EDITION_DOCUMENTS, ids=_ids(VALID + EDITION_DOCUMENTS))
def test_valid_document_is_valid_tei_all(document: Path, tei_all_verdicts: dict[Path, str]) -> None:
    assert tei_all_verdicts[document] == ""


# ---------------------------------------------------------------- the compiler refuses what it cannot do


MINIMAL_SPEC = """<schemaSpec xmlns="http://www.tei-c.org/ns/1.0" ident="t" start="TEI">
  {extra}
  <elementSpec ident="TEI"><desc>root</desc><content>{content}</content></elementSpec>
</schemaSpec>"""


def _compile_text(tmp_path: Path, text: str) -> None:
    odd = tmp_path / "t.odd"
    odd.write_text(text, encoding="utf-8")
    compile_odd(odd)


@pytest.mark.parametrize(
    ("extra", "content", "complaint"),
    [
        ('<moduleRef key="core"/>', "<empty/>", "moduleRef"),
        ("", '<classRef key="model.pLike"/>', "classRef"),
        ("", '<elementRef key="p"/>', "no elementSpec"),
        ('<elementSpec ident="p" mode="change"><content><empty/></content></elementSpec>', "<empty/>", "mode='change'"),
        ("", '<sequence><textNode/><empty/></sequence>', "mixed content"),
        ('<classSpec ident="model.x" type="model"/>', "<empty/>", "attribute classes"),
        ("", '<macroRef key="macro.paraContent"/>', "no macroSpec"),
    ],
)
def test_compiler_refuses_what_needs_the_tei_source(tmp_path: Path, extra: str, content: str, complaint: str) -> None:
    with pytest.raises(OddError, match=complaint) as caught:
        _compile_text(tmp_path, MINIMAL_SPEC.format(extra=extra, content=content))
    assert isinstance(caught.value, TeitoolsError)


def test_compiler_refuses_unsafe_or_broken_input(tmp_path: Path) -> None:
    with pytest.raises(OddError, match="not well-formed"):
        _compile_text(tmp_path, "<schemaSpec")
    with pytest.raises(OddError, match="schemaSpec"):  # the external entity is not resolved
        _compile_text(tmp_path, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(OddError, match="cannot read"):
        compile_odd(tmp_path / "missing.odd")


def test_minimal_odd_compiles_to_schemas_that_validate(tmp_path: Path) -> None:
    odd = tmp_path / "t.odd"
    odd.write_text(MINIMAL_SPEC.format(extra="", content="<textNode/>"), encoding="utf-8")
    paths = write_schemas(odd, tmp_path / "out")
    assert [path.name for path in paths] == ["t.rng", "t.xsd", "t.sch", "xml.xsd"]
    document = tmp_path / "d.xml"
    document.write_text(f'<TEI xmlns="{TEI_NS}">text</TEI>', encoding="utf-8")
    assert etree.RelaxNG(etree.parse(str(paths[0]))).validate(etree.parse(str(document)))
    assert xmlschema.XMLSchema(str(paths[1]), allow="sandbox").is_valid(str(document))


# ---------------------------------------------------------------- one ODD-to-Schematron path


SCH_NAMESPACE = "http://purl.oclc.org/dsdl/schematron"


def _odd_with_constraints(constraints: str) -> etree._Element:
    return etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xmlns:sch="{SCH_NAMESPACE}"><text><body><schemaSpec ident="t">'
        f"{constraints}</schemaSpec></body></text></TEI>")


def test_the_validator_and_the_compiler_read_odd_constraints_alike() -> None:
    from teitools.odd import read_customization, schematron_from_odd

    from_odd = schematron_from_odd(etree.parse(str(ODD)).getroot())
    compiled = etree.fromstring(compile_odd(ODD).schematron)
    rules = "{%s}pattern/{%s}rule" % (SCH_NAMESPACE, SCH_NAMESPACE)
    assert [(r.get("id"), r.get("context")) for r in from_odd.iterfind(rules)] == \
        [(r.get("id"), r.get("context")) for r in compiled.iterfind(rules)]
    assert len(read_customization(ODD).rules) == len(from_odd.findall(rules)) > 0


def test_schematron_from_any_odd_places_loose_asserts_on_their_element_or_attribute() -> None:
    from teitools.odd import schematron_from_odd

    schema = schematron_from_odd(_odd_with_constraints(
        '<elementSpec ident="date" mode="change"><attList><attDef ident="when" mode="change">'
        '<constraintSpec ident="when-iso" scheme="schematron"><constraint>'
        '<sch:assert test="matches(., \'^\\d{4}\')">year first</sch:assert></constraint></constraintSpec>'
        '</attDef></attList></elementSpec>'
        '<constraintSpec ident="prose" scheme="natural"><constraint>not Schematron</constraint></constraintSpec>'))
    rules = schema.findall(f"{{{SCH_NAMESPACE}}}pattern/{{{SCH_NAMESPACE}}}rule")
    assert [(rule.get("id"), rule.get("context")) for rule in rules] == [("when-iso", "tei:date/@when")]


def test_schematron_from_an_odd_refuses_what_it_cannot_place() -> None:
    from teitools.odd import schematron_from_odd

    with pytest.raises(OddError, match="sch:pattern inside an ODD constraint"):
        schematron_from_odd(_odd_with_constraints(
            '<constraintSpec ident="p" scheme="schematron"><constraint><sch:pattern/></constraint></constraintSpec>'))
    with pytest.raises(OddError, match="used twice"):
        schematron_from_odd(_odd_with_constraints(
            '<elementSpec ident="p" mode="change"><constraintSpec ident="x" scheme="schematron"><constraint>'
            '<sch:rule context="tei:p" id="same"><sch:assert test="1">a</sch:assert></sch:rule>'
            '<sch:rule context="tei:q" id="same"><sch:assert test="1">b</sch:assert></sch:rule>'
            '</constraint></constraintSpec></elementSpec>'))


def test_python_m_teitools_odd_writes_the_derived_schemas(tmp_path: Path) -> None:
    import sys

    completed = subprocess.run([sys.executable, "-m", "teitools.odd", str(ODD), "--out-dir", str(tmp_path)],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert [Path(line).name for line in completed.stdout.split()] == ["teitools.rng", "teitools.xsd", "teitools.sch",
                                                                      "xml.xsd"]
    assert (tmp_path / "teitools.sch").read_bytes() == SCH.read_bytes()
    broken = tmp_path / "broken.odd"
    broken.write_text("<schemaSpec", encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "teitools.odd", str(broken)], capture_output=True, text=True,
                             check=False)
    assert refused.returncode == 2 and refused.stderr.startswith("error: ") and len(refused.stderr.splitlines()) == 1
