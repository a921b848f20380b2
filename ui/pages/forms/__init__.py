"""The form pages of the evaluator's window: project information, funding, targets, findings, team.

Each page is a ``ui.pages.base.Page`` over the open project; every edit is a pfdesk command
pushed through the session, and the pages refresh from the session's changes. The page classes
load on first use, so importing one page does not load the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pfdesk import lazy

if TYPE_CHECKING:
    from .evaluators_page import EvaluatorsPage
    from .findings_page import FindingsPage
    from .funding_page import FundingPage
    from .info_page import InfoPage
    from .targets_page import TargetsPage

_HOMES = {"EvaluatorsPage": ".evaluators_page", "FindingsPage": ".findings_page",
          "FundingPage": ".funding_page", "InfoPage": ".info_page", "TargetsPage": ".targets_page"}

__all__ = ["EvaluatorsPage", "FindingsPage", "FundingPage", "InfoPage", "TargetsPage"]


__getattr__ = lazy.loader(__name__, _HOMES)
