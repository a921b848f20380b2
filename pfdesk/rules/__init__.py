"""Rule scoring: a leaf scored from a named quantity the project holds, by a small rule.

``kinds`` holds the rules and their inputs as checked data, ``inputs`` reads an input from the
funding figures, the targets and the surveys (or names what is missing), ``evaluate`` gives the
leaf's score with its report sentence, ``store`` reads and writes rules as JSON text (untrusted
input checked) for the project file and templates, ``usual`` the usual rules of the common
indicators (预算执行率, 资金到位率, 目标完成率, 满意度).
"""

from __future__ import annotations

from .evaluate import Outcome, evaluate
from .inputs import Inputs, MissingInput, Reading
from .kinds import (
    INPUT_KINDS,
    Band,
    Input,
    PassFail,
    Proportional,
    Rule,
    RuleError,
    Shortfall,
    Stepped,
    check_bands,
)
from .store import from_json, to_json

__all__ = ["INPUT_KINDS", "Band", "Input", "Inputs", "MissingInput", "Outcome", "PassFail",
           "Proportional", "Reading", "Rule", "RuleError", "Shortfall", "Stepped", "check_bands",
           "evaluate", "from_json", "to_json"]
