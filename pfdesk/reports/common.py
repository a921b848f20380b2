"""Tables more than one layout prints: the score summary, a dimension's indicators, the scoring
table (appendix and score sheet), the targets table, the funding table; and the charts.

Scores and rates are the engine's (``ReportData``); these functions only lay them out, with
merged cells for level-1 and level-2 spans. Where points are not applicable a dimension shows
the points that count and names the ones left out, and a total row is followed by the total
rescaled to 100 (百分制折算得分) and the grade.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal

from docx.text.paragraph import Paragraph

from ..model import Indicator
from . import items
from .data import DASH, ReportData
from .items import Item
from .tables import Merge, TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

TEXT_WIDTH_MM = 156.0   # A4 less the 28 + 26 mm side margins
CHART_KINDS = {"rates": "各一级指标得分率", "radar": "各一级指标得分率雷达图",
               "lost": "各指标扣分情况"}


def dim_label(ind: Indicator) -> str:
    """A level-1 dimension as the summary table writes it: 'A.决策'."""
    return f"{ind.code}.{ind.name}" if ind.code else ind.name


def spans(keys: Sequence[object], first_row: int, column: int) -> list[Merge]:
    """Vertical merges over runs of equal, non-empty keys in one column."""
    merges: list[Merge] = []
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if index - start > 1 and keys[start] is not None:
                merges.append((first_row + start, column, first_row + index - 1, column))
            start = index
    return merges


def leaf_paths(data: ReportData, top: Indicator | None = None
               ) -> list[tuple[Indicator, Indicator | None, Indicator]]:
    """(dimension, level-2 ancestor or None, leaf) for every leaf, in tree order."""
    dims = [top] if top is not None else data.dimensions()
    rows = []
    for dim in dims:
        for leaf in data.leaves(dim):
            chain = [*data.project.ancestors(leaf), leaf]
            level2 = chain[1] if len(chain) > 1 else None
            rows.append((dim, level2, leaf))
    return rows


def summary_table(w: Writer, data: ReportData, title: str = "绩效评价得分概况") -> str:
    """表N: each dimension's 权重 / 得分 / 得分率, a 合计 row and the grade; with points not
    applicable also 不适用 / 计分权重 columns and the total rescaled to 100."""
    label = w.table_title(title)
    result = data.result
    if not result.rescaled:
        cells: list[list[str | None]] = [["指标", "权重", "得分", "得分率"]]
        for dim in data.dimensions():
            node = data.node(dim)
            cells.append([dim_label(dim), data.pts(node.weight), data.pts(node.score),
                          data.percent(node.rate)])
        cells.append(["合计", data.pts(result.max), data.pts(result.raw),
                      data.percent(result.rate)])
        cells.append(["评价等级", data.grade(), None, None])
        merges: list[Merge] = [(len(cells) - 1, 1, len(cells) - 1, 3)]
        widths = [60.0, 32.0, 32.0, 32.0]
    else:
        cells = [["指标", "权重", "不适用", "计分权重", "得分", "得分率"]]
        for dim in data.dimensions():
            node = data.node(dim)
            cells.append([dim_label(dim), data.pts(node.weight), data.pts(node.excluded),
                          data.pts(node.max), data.score_cell(node), data.percent(node.rate)])
        cells.append(["合计", data.pts(result.max + result.excluded), data.pts(result.excluded),
                      data.pts(result.max), data.pts(result.raw), data.percent(result.rate)])
        cells.append(["百分制折算得分", data.total_plain(), None, None, "评价等级", data.grade()])
        merges = [(len(cells) - 1, 1, len(cells) - 1, 3)]
        widths = [40.0, 22.0, 22.0, 24.0, 24.0, 24.0]
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, widths, merges=merges,
                           bold_rows=[len(cells) - 2, len(cells) - 1]))
    return label


def dimension_table(w: Writer, data: ReportData, dim: Indicator) -> str:
    """表N: a dimension's 二级指标 / 三级指标 / 权重 / 得分, level-2 cells merged, 合计 row (the
    points that count, naming those not applicable)."""
    label = w.table_title(f"{dim.name}指标得分情况")
    paths = leaf_paths(data, dim)
    cells: list[list[str | None]] = [["二级指标", "三级指标", "权重", "得分"]]
    keys = []
    for _, level2, leaf in paths:
        node = data.node(leaf)
        second = data.label(level2) if level2 is not None else ""
        third = data.label(leaf) if leaf is not level2 else ""
        cells.append([second, third, data.pts(node.weight), data.score_cell(node)])
        keys.append(level2.id if level2 is not None else None)
    merges = spans(keys, 1, 0)
    node = data.node(dim)
    cells.append(["合计" + data.excluded_note(node.excluded if not node.not_applicable else Decimal(0)),
                  None, data.points_cell(node), data.score_cell(node)])
    merges.append((len(cells) - 1, 0, len(cells) - 1, 1))
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, [44, 66, 23, 23], merges=merges, aligns=["left", "left",
              "center", "center"], bold_rows=[len(cells) - 1]))
    return label


def total_rate_text(data: ReportData) -> str:
    """'得分率88.50%': the rate of the raw score over the points that count."""
    return f"得分率{data.percent(data.result.rate)}"


def total_label(data: ReportData, label: str = "合计") -> str:
    """A total row's label: '合计', or '合计（不含不适用指标8分）'."""
    return label + data.excluded_note(data.result.excluded)


def _blank_covered(cells: list[list[str | None]], merges: list[Merge]) -> None:
    """Positions inside a merge other than its top-left hold None (written once)."""
    for top, left, bottom, right in merges:
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    cells[r][c] = None


def scoring_table(w: Writer, data: ReportData, title: str = "绩效评价指标评分表") -> str:
    """The full scoring table with 评分标准: 一级 / 二级 / 三级 / 分值 / 评分标准 / 得分, then
    合计 (points that count, rate, raw score), the rescaled total when points are not
    applicable, and the grade."""
    label = w.table_title(title)
    cells: list[list[str | None]] = [["一级指标", "二级指标", "三级指标", "分值", "评分标准",
                                      "得分"]]
    dim_keys, l2_keys = [], []
    for dim, level2, leaf in leaf_paths(data):
        node = data.node(leaf)
        cells.append([data.label(dim), data.label(level2) if level2 is not None else "",
                      data.label(leaf) if leaf is not level2 and leaf is not dim else "",
                      data.pts(node.weight), data.text(leaf.criteria), data.score_cell(node)])
        dim_keys.append(dim.id)
        l2_keys.append(level2.id if level2 is not None else None)
    merges = spans(dim_keys, 1, 0) + spans(l2_keys, 1, 1)
    total_row = len(cells)
    cells.append([total_label(data), None, None, data.pts(data.result.max),
                  total_rate_text(data), data.pts(data.result.raw)])
    merges.append((total_row, 0, total_row, 2))
    if data.result.rescaled:
        cells.append(["百分制折算得分", None, None, None, None, data.total_plain()])
        merges.append((len(cells) - 1, 0, len(cells) - 1, 4))
    cells.append(["评价等级", None, None, data.grade(), None, None])
    merges += [(len(cells) - 1, 0, len(cells) - 1, 2), (len(cells) - 1, 3, len(cells) - 1, 5)]
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, [13, 21, 28, 14, 66, 14], merges=merges,
                           aligns=["center", "left", "left", "center", "left", "center"],
                           bold_rows=list(range(total_row, len(cells)))))
    return label


TARGET_WIDTHS = (22.0, 20.0, 28.0, 20.0, 22.0, 20.0, 24.0)   # 156 mm
FUND_LABELS = ("年度资金总额", "其中：财政性资金", "其他资金")


def targets_table(w: Writer, data: ReportData) -> str:
    """表N 2020年度项目绩效目标表, as firms file it: a header block inside the table (项目名称;
    主管部门 and 实施单位; 年度资金（万元）: 年度资金总额, 其中：财政性资金, 其他资金 from the
    funding data; 年度目标), then 一级 / 二级 / 三级指标 / 指标值 / 指标值说明 / 实际完成值 /
    偏差原因 per target. A project without targets gets the header block and the column
    headings only."""
    info = data.info
    year = data.year()
    whose = "部门整体" if info.eval_object == "部门整体" else "项目"
    label = w.table_title(f"{year}年度{whose}绩效目标表" if year else f"{whose}绩效目标表")
    funds = data.fund_split()
    cells: list[list[str | None]] = [
        ["项目名称" if whose == "项目" else "部门名称", data.text(info.name), None, None, None,
         None, None],
        ["主管部门", data.text(info.department), None, "实施单位", data.text(info.unit), None,
         None],
    ]
    for index, (what, value) in enumerate(zip(FUND_LABELS, funds, strict=True)):
        cells.append(["年度资金（万元）" if index == 0 else None, what, None,
                      data.nums.money(value), None, None, None])
    cells += [
        ["年度目标", data.text(info.annual_goal), None, None, None, None, None],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明", "实际完成值", "偏差原因"],
    ]
    block = len(cells)
    merges: list[Merge] = [(0, 1, 0, 6), (1, 1, 1, 2), (1, 4, 1, 6), (2, 0, 4, 0),
                           *[(r, 1, r, 2) for r in (2, 3, 4)], *[(r, 3, r, 6) for r in (2, 3, 4)],
                           (5, 1, 5, 6)]
    targets = data.project.targets()
    for t in targets:
        cells.append([data.text(t.level1), data.text(t.level2), data.text(t.level3),
                      data.text(t.target_text), data.text(t.note), data.text(t.actual_value),
                      data.text(t.deviation_reason)])
    merges += spans([t.level1 or None for t in targets], block, 0) + spans(
        [(t.level1, t.level2) if t.level2 else None for t in targets], block, 1)
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, TARGET_WIDTHS, header_rows=0, merges=merges,
                           aligns=["center", "left", "left", "center", "left", "center", "left"],
                           bold_rows=[block - 1], keep_together=block + 8))
    return label


MONEY_COLUMNS = ("total_budget", "bid_price", "audited_price", "paid_total", "paid_this_year")


def funding_table(w: Writer, data: ReportData) -> str | None:
    """表N 2020年度项目预算执行情况明细表 (万元) with a 合计 row, the year in the title and in the
    payments column ('2020年支付金额', seed 004; '本年' while the year is unknown); None if no
    funding lines."""
    items = data.project.funding_items()
    if not items:
        return None
    year = data.year()
    whose = "部门" if data.info.eval_object == "部门整体" else "项目"
    label = w.table_title(f"{year}年度{whose}预算执行情况明细表" if year
                          else f"{whose}预算执行情况明细表")
    w.paragraph("plain", "单位：万元", align="right").paragraph_format.keep_with_next = True
    cells: list[list[str | None]] = [["序号", "名称", "承建单位", "总预算", "中标价", "审定价",
                                      "已支付金额", f"{year}年支付金额" if year else "本年支付金额",
                                      "备注"]]
    for index, item in enumerate(items, 1):
        cells.append([str(index), data.text(item.name), data.text(item.contractor),
                      *(data.nums.money(getattr(item, col)) for col in MONEY_COLUMNS),
                      data.text(item.remark)])
    totals = [data.nums.money(data.money.items.get(col)) for col in MONEY_COLUMNS]
    cells.append(["合计", None, "", *totals, ""])
    merges: list[Merge] = [(len(cells) - 1, 0, len(cells) - 1, 1)]
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, [7, 24, 20, 15.5, 15.5, 15.5, 16, 16, 26.5], merges=merges,
                           aligns=["center", "left", "left", *["center"] * 5, "left"],
                           bold_rows=[len(cells) - 1]))
    return label


def write_item(w: Writer, number: str, item: Item, sub_style: str = "arabic",
               tail: str = "") -> None:
    """A finding as printed in the reports: its number, its bold title running into its text
    (``tail`` after it, e.g. the indicators it concerns), then one paragraph per sub-point
    ('1.' or '（1）'; none before a sub-point written '一是…')."""
    first = _lead_para(w, number, item, tail)
    if item.subs:
        first.paragraph_format.keep_with_next = True     # a title never ends a page alone
    for index, sub in enumerate(item.subs, 1):
        _lead_para(w, "" if items.own_words(sub) else items.sub_label(index, sub_style), sub)


def _lead_para(w: Writer, number: str, item: Item, tail: str = "") -> Paragraph:
    if not item.lead and tail:
        item = Item(item.rest, "")          # a one-sentence finding is the title of its cause
    if item.lead:
        return w.lead_paragraph(number + item.lead, item.rest + tail)
    return w.paragraph("body", number + item.rest + tail)


ChartSource = Callable[[str, ReportData], bytes | None]


def chart_png(kind: str, data: ReportData) -> bytes | None:
    """A chart from ``pfdesk.charts`` (PNG, 200 dpi, the project's number style), or None
    while that package is absent."""
    if importlib.util.find_spec("pfdesk.charts") is None:
        log.info("pfdesk.charts is not installed: report written without charts")
        return None
    charts = importlib.import_module("pfdesk.charts")
    png_bytes = getattr(charts, "png_bytes", None)
    if png_bytes is None:
        log.info("pfdesk.charts has no png_bytes yet: report written without charts")
        return None
    return png_bytes(kind, data.result, dpi=200,  # type: ignore[no-any-return]
                     project=data.project)


def no_charts(kind: str, data: ReportData) -> bytes | None:
    """A chart source that draws nothing (golden files, quick previews)."""
    return None


def render_charts(data: ReportData, kinds: Sequence[str],
                  source: ChartSource = chart_png) -> list[tuple[str, bytes]]:
    """(kind, PNG) for each chart the source can draw, before anything is written."""
    out = []
    for kind in kinds:
        png = source(kind, data)
        if png:
            out.append((kind, png))
    return out


def place_charts(w: Writer, charts: list[tuple[str, bytes]]) -> list[str]:
    """The rendered charts with numbered captions below; returns their labels ('图1', …)."""
    return [w.figure(png, CHART_KINDS[kind]) for kind, png in charts]


def figure_refs(w: Writer, count: int) -> str:
    """'图1、图2' for the next ``count`` figures."""
    return "、".join(f"图{w.figure_no + i}" for i in range(1, count + 1))


__all__ = ["DASH", "chart_png", "dimension_table", "figure_refs", "funding_table", "no_charts",
           "place_charts", "render_charts", "scoring_table", "summary_table", "targets_table",
           "total_label", "total_rate_text"]
