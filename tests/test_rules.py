"""The registry: unique, documented codes, and every runnable example behaves as documented."""
import re

import pytest

from auditor import rules
from auditor.engine.document import default_detectors

ALL = list(rules.registry().values())
TEXT_RULES = [r for r in ALL if r.examples == "text"]


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in ALL]
    names = [r.name for r in ALL]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for rule in ALL:
        assert re.fullmatch(r"[A-Z]{2,3}\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.summary and rule.rationale and rule.bad and rule.good


def test_every_code_a_detector_can_emit_is_registered():
    emitted = {code for detector in default_detectors() for code in detector.codes}
    assert emitted <= set(rules.registry())


def test_every_registered_rule_is_emitted_somewhere():
    """No dead documentation: each code appears in the source as a string literal."""
    import pathlib
    source = "".join(p.read_text() for p in pathlib.Path(rules.__file__).parent.rglob("*.py"))
    source += "".join(p.read_text() for p in (pathlib.Path(rules.__file__).parent / "data" / "residue").glob("*.toml"))
    for rule in ALL:
        assert f'"{rule.code}"' in source, rule.code


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_bad_example_triggers_the_rule(rule, audit):
    assert rule.code in {f.rule for f in audit(rule.bad)}


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.code)
def test_good_example_does_not_trigger_the_rule(rule, audit):
    assert rule.code not in {f.rule for f in audit(rule.good)}


def test_registry_rejects_inconsistent_data():
    with pytest.raises(rules.RegistryError):
        rules._validate({"code": "RES999", "name": "Bad Name", "category": "residue", "severity": "warning",
                         "summary": "s", "rationale": "r", "bad": "b", "good": "g", "examples": "text"},
                        set(), set(), set())
    with pytest.raises(rules.RegistryError):
        rules._validate({"code": "ENC999", "name": "wrong-category", "category": "residue", "severity": "warning",
                         "summary": "s", "rationale": "r", "bad": "b", "good": "g", "examples": "text"},
                        set(), set(), set())


def test_explain_and_rules_commands(cli):
    listing = cli("rules")
    assert listing.exit_code == 0
    for rule in ALL:
        assert rule.code in listing.output
    shown = cli("explain", "res001")
    assert shown.exit_code == 0 and "ui-boilerplate" in shown.output and "Bad:" in shown.output
    by_name = cli("explain", "mojibake")
    assert by_name.exit_code == 0 and "MOJ001" in by_name.output
    assert cli("explain", "XYZ123").exit_code == 2
