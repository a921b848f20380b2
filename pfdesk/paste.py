"""Text from Excel, WPS and Chinese input methods read as cells and scores; a paste planned.

No Qt here. The window's score tree (and any table that takes pasted blocks) uses:

- ``normal_number(text)``: a number as typed or pasted made plain — full-width digits and signs
  (３、４．５、－5), the Chinese full stop used as a point (4。5), spaces, line breaks and a
  trailing 分 removed. It does not check anything.
- ``parse_tsv(text)``: rows of cells from tab-separated text as Excel copies it (``\\r\\n``
  line ends, quoted cells holding tabs or line breaks, the last line break dropped).
- ``to_tsv(rows)``: the other way, quoting cells so that Excel pastes them back as cells.
- ``read_score(text, weight)``: a typed score as a Decimal (None when empty), or
  ``ScoreRefused`` whose message says why in one line (得分应在 0～4 分之间).
- ``plan_scores(project, text, targets, scores)``: what pasting a block into the score tree would
  do, line by line (code, old → new, or why refused); ``PastePlan.edit(project)`` is the one
  ``Edit`` (one undo step) that stores its accepted lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from . import commands, panel, tsv, typed
from .edits import Edit, Op
from .errors import EditError
from .numbers import Numbers, plain, shown, to_decimal
from .project import Project

SCORE_HEADER = "得分"
CODE_HEADER = "编码"


class ScoreRefused(EditError):  # noqa: N818 (an EditError, named for what happened)
    """A typed or pasted score that cannot be stored; ``str()`` says why in one line."""


def normal_number(text: str) -> str:
    """A number as typed or pasted, made plain: ３→3, ４．５→4.5, 4。5→4.5, '2.5\r\n'→2.5, 3分→3
    (``typed.score_text``, the one reading of typed numbers)."""
    return typed.score_text(text)


def normal_code(text: str) -> str:
    """An indicator code as pasted: full-width letters and digits made plain, spaces trimmed."""
    return typed.normalised(str(text))


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from tab-separated text as Excel and WPS copy it (``tsv.rows``)."""
    return tsv.rows(text)


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated text that Excel pastes back as cells (``tsv.text``)."""
    return tsv.text([[str(v) for v in row] for row in rows])


def read_score(text: str, weight: Decimal | None) -> Decimal | None:
    """A typed score (0 … weight, two decimals at most); None when empty; ScoreRefused if not."""
    plain_text = normal_number(text)
    try:
        value = to_decimal(plain_text)
    except ValueError:
        raise ScoreRefused(f"“{shown(text.strip())}”不是数字") from None
    top = weight if weight is not None else Decimal(0)
    if value is None:
        return None
    if not 0 <= value <= top:
        raise ScoreRefused(f"得分应在 0～{plain(top)} 分之间")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ScoreRefused("得分最多保留两位小数")
    return value


def why_not_typed(project: Project, ind_id: str, panel_ids: frozenset[str] = frozenset()) -> str:
    """Why an indicator's score cannot be typed ('' when it can)."""
    ind = project.indicators().get(ind_id)
    if ind is None:
        return "该指标已不存在"
    if project.children(ind_id):
        return "有下级指标，得分由下级指标合计"
    if ind.not_applicable:
        return "不适用，不计分"
    if project.deductions(ind_id):
        return "得分由扣分项决定，请在“扣分”中修改"
    if ind_id in panel_ids:
        return "得分由专家评分决定，请在“专家评分”中修改"
    return ""


def panel_scored(project: Project) -> frozenset[str]:
    """Leaves whose score the expert panel's scores give (their score cannot be typed)."""
    found = panel.panel_of(project)
    return frozenset(found.scores) if found.method in panel.AGGREGATING else frozenset()


@dataclass(frozen=True)
class PasteLine:
    """One pasted value as it would land: on which indicator, from what to what, or why not."""

    row: int                   # 1-based line of the pasted text
    ind_id: str                # '' when no indicator matches
    code: str
    old: str                   # the score now, written the project's way ('' when none)
    new: str                   # the pasted value, written the project's way (or as pasted)
    why: str = ""              # why it is refused ('' when accepted)
    value: Decimal | None = None

    @property
    def changes(self) -> bool:
        """True when the line is accepted and changes the score."""
        return not self.why and self.old != self.new


@dataclass
class PastePlan:
    """What a paste would do; ``problem`` refuses the whole block (shape not understood)."""

    lines: list[PasteLine] = field(default_factory=list)
    mode: str = ""             # 'column' (aligned to the selected leaves) or 'codes'
    problem: str = ""

    @property
    def changes(self) -> list[PasteLine]:
        """The lines that would change a score."""
        return [line for line in self.lines if line.changes]

    @property
    def refused(self) -> list[PasteLine]:
        """The lines refused, each with its reason."""
        return [line for line in self.lines if line.why]

    def edit(self, project: Project) -> Edit:
        """The one edit (one undo step) storing every accepted change."""
        ops: list[Op] = []
        for line in self.changes:
            ops.extend(commands.set_score(project, line.ind_id, line.value).ops)
        return Edit(f"粘贴得分（{len(ops)} 项）", ops)


def plan_scores(project: Project, text: str, targets: Sequence[str],
                scores: Mapping[str, Decimal | None] | None = None) -> PastePlan:
    """Plan a pasted block: one column of scores laid on ``targets`` (leaf ids, in order),
    or rows of 编码<TAB>得分 (with or without a header row naming 编码 and 得分) matched by code.

    ``scores`` (the engine's scores by id) shows a parent's or a deduction-scored leaf's score
    as it stands, so that pasting back the same figure reads 不变 rather than refused.
    """
    rows = [[c.strip() for c in r] for r in parse_tsv(text)]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return PastePlan(problem="剪贴板中没有内容")
    ctx = _Context(Numbers.of(project.info), panel_scored(project), scores or {})
    header = _header(rows[0])
    if header is not None:
        return _by_code(project, ctx, rows[1:], header, first_row=2)
    if all(not any(r[1:]) for r in rows):
        column = [r[0] if r else "" for r in rows]
        start = 1
        if column and normal_number(column[0]) == SCORE_HEADER:
            column, start = column[1:], 2
        return _by_position(project, ctx, column, list(targets), start)
    if all(len(r) <= 2 for r in rows):
        return _by_code(project, ctx, rows, (0, 1), first_row=1)
    return PastePlan(problem="无法确定哪一列是得分：请粘贴一列得分，或“编码、得分”两列"
                             "（也可以带一行表头，写明“编码”和“得分”）")


@dataclass(frozen=True)
class _Context:
    numbers: Numbers
    panel_ids: frozenset[str]
    scores: Mapping[str, Decimal | None]


def _header(row: list[str]) -> tuple[int, int] | None:
    names = [normal_code(c) for c in row]
    if CODE_HEADER in names and SCORE_HEADER in names:
        return names.index(CODE_HEADER), names.index(SCORE_HEADER)
    return None


def _line(project: Project, ctx: _Context, row: int, ind_id: str, raw: str) -> PasteLine:
    ind = project.indicator(ind_id)
    why = why_not_typed(project, ind_id, ctx.panel_ids)
    now = ctx.scores.get(ind_id) if why else ind.score
    old = "" if now is None else ctx.numbers.pts(now)
    if normal_number(raw) == "":
        return PasteLine(row, ind_id, ind.code, old, old)       # a blank cell changes nothing
    if why:
        try:
            same = now is not None and to_decimal(normal_number(raw)) == now
        except ValueError:
            same = False
        return PasteLine(row, ind_id, ind.code, old, old) if same \
            else PasteLine(row, ind_id, ind.code, old, raw, why)
    try:
        value = read_score(raw, ind.weight)
    except ScoreRefused as exc:
        return PasteLine(row, ind_id, ind.code, old, raw, str(exc))
    new = "" if value is None else ctx.numbers.pts(value)
    return PasteLine(row, ind_id, ind.code, old, new, "", value)


def _by_position(project: Project, ctx: _Context, column: list[str], targets: list[str],
                 start: int) -> PastePlan:
    plan = PastePlan(mode="column")
    for n, raw in enumerate(column):
        if n >= len(targets):
            plan.lines.append(PasteLine(start + n, "", "", "", raw, "没有对应的指标（已超出所选范围）"))
            continue
        plan.lines.append(_line(project, ctx, start + n, targets[n], raw))
    return plan


def _by_code(project: Project, ctx: _Context, rows: list[list[str]], cols: tuple[int, int],
             first_row: int) -> PastePlan:
    codes: dict[str, str] = {}
    for ind in project.walk():
        key = normal_code(ind.code).upper()
        codes[key] = "" if key in codes else ind.id       # '' marks a code used twice
    plan = PastePlan(mode="codes")
    seen: dict[str, int] = {}
    code_col, score_col = cols
    for n, row in enumerate(rows, start=first_row):
        if not any(row):
            continue
        code = normal_code(row[code_col]) if code_col < len(row) else ""
        raw = row[score_col] if score_col < len(row) else ""
        ind_id = codes.get(code.upper(), "")
        if not ind_id:
            why = "缺少编码" if not code else f"没有编码为 {shown(code)} 的指标" \
                if code.upper() not in codes else f"编码 {shown(code)} 有不止一个指标，无法确定是哪一个"
            plan.lines.append(PasteLine(n, "", code, "", raw, why))
            continue
        if ind_id in seen:
            plan.lines.append(PasteLine(n, ind_id, code, "", raw, f"编码重复（第 {seen[ind_id]} 行已有）"))
            continue
        seen[ind_id] = n
        plan.lines.append(_line(project, ctx, n, ind_id, raw))
    return plan
