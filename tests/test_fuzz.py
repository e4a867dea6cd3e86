"""Property tests: no input, however hostile, crashes a reader or a detector."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.sources.decoding import decode

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
LINES = st.lists(st.one_of(
    TEXT,
    st.sampled_from(["Subscribe", "Share this article", "© REUTERS / X", "{{ title }}", "Заголовок", "",
                     "Ã©tÃ©", "Ïðèâåò", "&amp;", "\u202e", "\ufffd", "NАTO", "   ", "\r", "0", "a" * 300]),
), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_never_raises(raw):
    decoded = decode(raw)
    assert isinstance(decoded.text, str)
    if not decoded.binary and not decoded.invalid and not decoded.mixed:
        assert raw.decode(decoded.encoding).lstrip("\ufeff") == decoded.text.lstrip("\ufeff") or decoded.bom


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(LINES)
def test_no_detector_fails_on_any_text(audit, lines):
    text = "\n".join(lines)
    findings = audit(text)
    assert not [f for f in findings if f.rule in ("AUD001", "AUD002")], [f.message for f in findings if f.rule.startswith("AUD")]
    for f in findings:
        if f.line is not None:
            assert 1 <= f.line <= text.count("\n") + 1
            if f.column is not None and f.end_column is not None and f.end_line in (None, f.line):
                assert 1 <= f.column <= f.end_column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6))
def test_any_jsonl_bytes_are_read_without_crashing(tmp_path_factory, records):
    from auditor.config import Settings
    from auditor.engine.scan import finish, scan_file
    from auditor.sources.discovery import discover

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "x.jsonl"
    path.write_bytes(b"\n".join(records))
    [inp] = discover([str(path)])
    result = finish([scan_file(inp, Settings())], Settings()).files[0]
    assert result.status in ("clean", "dirty", "unreadable")
    assert not [f for f in result.findings if f.rule == "AUD001"]
