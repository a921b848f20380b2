"""The form pages of the evaluator's window: project information, funding, targets, findings, team.

Each page is a ``ui.pages.base.Page`` over the open project; every edit is a pfdesk command
pushed through the session, and the pages refresh from the session's changes. The page classes
load on first use, so importing one page does not load the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .evaluators_page import EvaluatorsPage
    from .findings_page import FindingsPage
    from .funding_page import FundingPage
    from .info_page import InfoPage
    from .targets_page import TargetsPage

_HOMES = {"EvaluatorsPage": ".evaluators_page", "FindingsPage": ".findings_page",
          "FundingPage": ".funding_page", "InfoPage": ".info_page", "TargetsPage": ".targets_page"}

__all__ = ["EvaluatorsPage", "FindingsPage", "FundingPage", "InfoPage", "TargetsPage"]


def __getattr__(name: str) -> Any:
    """Load a page class from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value
