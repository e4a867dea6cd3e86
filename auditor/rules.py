"""The rule registry: one metadata record per rule, loaded from data/rules.toml and checked at load.

Detection code refers to rules by code only; names, severities and documentation live here, so
`auditor rules`, `auditor explain` and every report speak from the same source.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .model import CATEGORIES, Finding, Severity

CODE_RE = re.compile(r"^(IO|ENC|MOJ|LNG|RES|AUD)\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PREFIX_CATEGORY = {"ENC": "encoding", "MOJ": "mojibake", "LNG": "foreign", "RES": "residue",
                   "IO": "input", "AUD": "input"}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    examples: str  # "text": bad/good are runnable examples; "prose": they describe one


class RegistryError(ValueError):
    pass


def _validate(raw: dict, seen_codes: set, seen_names: set, retired: set) -> Rule:
    missing = {"code", "name", "category", "severity", "summary", "rationale", "bad", "good",
               "examples"} - raw.keys()
    if missing:
        raise RegistryError(f"rule {raw.get('code', '?')} lacks {sorted(missing)}")
    code, name = raw["code"], raw["name"]
    if not CODE_RE.match(code):
        raise RegistryError(f"bad rule code {code!r}")
    if not NAME_RE.match(name):
        raise RegistryError(f"rule {code}: name {name!r} is not kebab-case")
    if code in seen_codes or code in retired:
        raise RegistryError(f"rule code {code} is used twice or retired")
    if name in seen_names:
        raise RegistryError(f"rule name {name} is used twice")
    if raw["category"] not in CATEGORIES:
        raise RegistryError(f"rule {code}: unknown category {raw['category']!r}")
    prefix = code.rstrip("0123456789")
    if PREFIX_CATEGORY[prefix] != raw["category"]:
        raise RegistryError(f"rule {code}: prefix {prefix} does not match category {raw['category']}")
    if raw["examples"] not in ("text", "prose"):
        raise RegistryError(f"rule {code}: examples must be 'text' or 'prose'")
    seen_codes.add(code)
    seen_names.add(name)
    return Rule(code=code, name=name, category=raw["category"],
                severity=Severity.parse(raw["severity"]), summary=raw["summary"],
                rationale=raw["rationale"], bad=raw["bad"], good=raw["good"],
                examples=raw["examples"])


@cache
def registry() -> dict[str, Rule]:
    """All rules by code, in file order; raises RegistryError if the data file is inconsistent."""
    data = tomllib.loads(resources.files("auditor").joinpath("data/rules.toml").read_text("utf-8"))
    retired = set(data.get("retired", {}).get("codes", []))
    codes: set = set()
    names: set = set()
    rules = [_validate(raw, codes, names, retired) for raw in data["rule"]]
    return {rule.code: rule for rule in rules}


def get(code: str) -> Rule:
    return registry()[code]


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    rules = registry()
    if key.upper() in rules:
        return rules[key.upper()]
    return next((r for r in rules.values() if r.name == key.lower()), None)


def make(code: str, path: str, record: int | None, message: str, *, line: int | None = None,
         column: int | None = None, end_line: int | None = None, end_column: int | None = None,
         excerpt: str = "", suggestion: str = "", record_id: str | None = None,
         url: str | None = None) -> Finding:
    """Build a finding for a registered rule, taking category and default severity from it."""
    rule = registry()[code]
    if line is not None and end_line is None:
        end_line = line
    return Finding(path=path, record=record, line=line, column=column, end_line=end_line,
                   end_column=end_column, rule=code, category=rule.category,
                   severity=rule.severity, message=message, excerpt=excerpt,
                   suggestion=suggestion, record_id=record_id, url=url)
