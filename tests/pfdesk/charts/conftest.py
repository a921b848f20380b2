"""Shared helpers for the chart tests: hand-made score results and warning capture."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal as D

import pytest

from pfdesk.charts import fonts
from pfdesk.scoring import NodeScore, ScoreResult


def node(code: str, name: str, level: int, weight: str, score: str | None,
         rate: str | None = None, lost: str = "0", leaf: bool = True,
         na: bool = False) -> NodeScore:
    """A NodeScore with the figures given as text (worked out by hand in each test)."""
    return NodeScore(code, code, name, level, None, None, D(weight), D(weight),
                     None if score is None else D(score), None if rate is None else D(rate),
                     D(lost), leaf, na, True)


def result_of(nodes: list[NodeScore]) -> ScoreResult:
    """A ScoreResult holding the given nodes (totals are not used by the charts)."""
    res = ScoreResult(total=D(0), raw=D(0), max=D(100), rate=None, grade=None,
                      provisional_grade="差", complete=True, unscored=0, nodes=nodes)
    res.by_id = {n.id: n for n in nodes}
    return res


@contextmanager
def glyph_trouble(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Collect every warning and log line that speaks of a missing glyph."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        yield found
    found.extend(str(w.message) for w in caught if "glyph" in str(w.message).lower())
    found.extend(r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower())


@pytest.fixture
def fresh_font() -> Iterator[None]:
    """Choose the chart font anew in the test and again after it (font lists get patched)."""
    fonts.forget_choice()
    yield
    fonts.forget_choice()
    fonts.apply_rc()
