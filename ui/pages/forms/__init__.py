"""The form pages of the evaluator's window: project information, funding, targets, findings, team.

Each page is a ``ui.pages.base.Page`` over the open project; every edit is a pfdesk command
pushed through the session, and the pages refresh from the session's changes.
"""

from __future__ import annotations

from .evaluators_page import EvaluatorsPage
from .findings_page import FindingsPage
from .funding_page import FundingPage
from .info_page import InfoPage
from .targets_page import TargetsPage

__all__ = ["EvaluatorsPage", "FindingsPage", "FundingPage", "InfoPage", "TargetsPage"]
