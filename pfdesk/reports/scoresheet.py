"""The 附件1 set (layout ``scoresheet``) of seed 002, for each project: the cover (附件1: 评价类型,
the parties, 评价时间, 组织方式 and 评价机构 ticked, 评价单位（盖章）, 上报时间; a section without
page number), 附件1-2 the targets table with 优 / 良 / 中 / 差 standards and its 注, and 附件1-3:
the basic information (address and 邮编, funds by source), the three-level scoring table with
its total and grade, and the evaluator panel with each evaluator's total and a 签字 column;
附件1-4 综合评价情况及评价结论 (``scoresheet_grades``): the total and grade, each dimension's grade
by the project's bands, and where each dimension lost its points.
With an expert panel the scoring table has a column of each expert's scores before 得分.
Evaluator totals are the engine's (``panel.evaluator_totals``), never stored ones; with points
not applicable the 分值 cells show the points that count and the total row is followed by the
total rescaled to 100.
"""

from __future__ import annotations

import logging

from docx.shared import Mm

from ..model import FUNDING_SOURCES, PROJECT_KINDS, Evaluator, EvaluatorScore
from ..numbers import cn_date
from ..panel import evaluator_totals, given_scores
from . import pages
from .common import _blank_covered, leaf_paths, spans, total_rate_text
from .data import ReportData
from .scoresheet_grades import write_conclusion
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

SOURCE_LABELS = {"中央": "中央财政", "省": "省财政", "市县": "市县财政", "其他": "其他"}
# The scoring table's column widths (mm) without a panel. Expert columns (wide enough for a
# three-character name on one line, narrower when many) take their room from 得分 first, then
# from the other columns in proportion to what each can give (down to these widths), so that
# the table keeps the page's 156 mm.
SCORE_WIDTHS = (20.0, 13.0, 28.0, 13.0, 46.0, 13.0, 23.0)   # mm, layout only
EXPERT_WIDTH = 15.0
SHRINK_TO = {6: 13, 4: 22, 2: 16, 0: 14, 1: 11, 3: 11, 5: 11}
FORM_TITLES = {"项目": "财政支出项目绩效评价报告", "部门整体": "财政支出部门整体绩效评价报告",
               "政策": "财政支出政策绩效评价报告"}
TARGETS_NOTE = "注：预算批复的绩效目标如有调整的，需在报告中加以说明。"
COVER_INDENT_MM = 36     # 评价单位（盖章） and 上报时间 stand right of the cover lines (seed 002)


def cover_fields(data: ReportData) -> list[tuple[str, str]]:
    """The 附件1 cover's lines, as seed 002 orders them."""
    info = data.info
    return [("评价类型", pages.form_eval_type(info)),
            ("项目名称", data.text(info.name)),
            ("项目单位", data.text(info.unit)),
            ("主管部门", data.text(info.department)),
            ("评价时间", data.text(info.eval_period)),
            ("组织方式", pages.ticks(pages.FORM_ORG_METHODS, data.text(info.org_method))),
            ("评价机构", pages.ticks(pages.FORM_EVALUATOR_KINDS, data.text(info.evaluator_kind)))]


def write_cover(w: Writer, data: ReportData, first: bool = True) -> None:
    """附件1: the title, the cover lines, 评价单位（盖章） and 上报时间, in a section of its own
    without page number."""
    info = data.info
    if not first:
        pages.start_cover(w.doc)
    pages.attachment_label(w, "附件1")
    for _ in range(2):
        w.paragraph("cover")
    w.title(FORM_TITLES.get(info.eval_object, FORM_TITLES["项目"]))
    for _ in range(2):
        w.paragraph("cover")
    cells: list[list[str | None]] = [[f"{label}：", value] for label, value in cover_fields(data)]
    add_table(w, TableSpec(cells, [38, 118], header_rows=0, aligns=["left", "left"],
                           borders=False, role="cover"))
    for _ in range(2):
        w.paragraph("cover")
    submitted = cn_date(data.text(info.submitted_at)) or "　　年　　月　　日"
    for text in (f"评价单位（盖章）：{data.text(info.evaluator_org)}", f"上报时间：{submitted}"):
        para = w.paragraph("cover", text)
        para.paragraph_format.left_indent = Mm(COVER_INDENT_MM)
    pages.end_form_cover(w.doc)


def write_targets(w: Writer, data: ReportData) -> None:
    """附件1-2 项目绩效目标表: 指标类型 / 绩效指标 / 绩效目标 / 绩效标准 (优 良 中 差), and the 注."""
    pages.attachment_label(w, "附件1-2")
    w.title("项目绩效目标表")
    w.paragraph("plain", f"项目名称：{data.text(data.info.name)}")
    cells: list[list[str | None]] = [
        ["指标类型", "绩效指标", "绩效目标", "绩效标准", None, None, None],
        [None, None, None, "优", "良", "中", "差"],
    ]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 6)]
    targets = data.project.targets()
    for t in targets:
        name = " ".join(x for x in (data.text(t.level2), data.text(t.level3)) if x)
        cells.append([data.text(t.level1), data.text(t.level3) or name,
                      data.text(t.target_text), data.text(t.std_excellent),
                      data.text(t.std_good), data.text(t.std_fair), data.text(t.std_poor)])
    merges += spans([t.level1 or None for t in targets], 2, 0)
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, [18, 30, 30, 19.5, 19.5, 19.5, 19.5], header_rows=2, merges=merges,
                           aligns=["center", "left", "left", "center", "center", "center",
                                   "center"]))
    w.paragraph("form", TARGETS_NOTE, align="left")


def _kind_marks(kind: str) -> str:
    marks = [f"{k}项目（{'√' if k == kind else '　'}）" for k in PROJECT_KINDS]
    return "　　".join(marks)


def write_basic(w: Writer, data: ReportData) -> None:
    """附件1-3 项目基本信息: unit, manager, phone, address and 邮编, kind, and funds by source."""
    info, funds, money = data.info, data.money, data.nums.money
    w.page_break()
    pages.attachment_label(w, "附件1-3")
    w.title("项目基本信息")
    w.paragraph("table_title", "一、项目基本情况", align="left")
    cells: list[list[str | None]] = [
        ["项目实施单位", data.text(info.unit), "主管部门", data.text(info.department)],
        ["项目负责人", data.text(info.manager), "联系电话", data.text(info.phone)],
        ["地址", data.text(info.address), "邮编", data.text(info.postcode)],
        ["项目类型", _kind_marks(info.project_kind), None, None],
        ["资金来源", "计划投资额（万元）", "实际到位资金（万元）", "实际使用情况（万元）"],
        ["合计", money(funds.budget), money(funds.received), money(funds.spent)],
    ]
    by_source = {s.source: s for s in data.project.funding_sources()}
    for source in FUNDING_SOURCES:
        row = by_source.get(source)
        cells.append([f"其中：{SOURCE_LABELS[source]}",
                      money(row.budget) if row else "", money(row.received) if row else "",
                      money(row.spent) if row else ""])
    merges = [(3, 1, 3, 3)]
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, [36, 40, 40, 40], header_rows=0, merges=merges,
                           bold_rows=[4]))


def panel_experts(data: ReportData) -> list[Evaluator]:
    """The evaluators who get a column in the scoring table: with a panel method, those who
    scored a leaf (every evaluator when nobody has yet, for a form filled in by hand)."""
    project = data.project
    if not project.info.panel_method:
        return []
    scored = {row.evaluator_id for row in project.rows(EvaluatorScore) if row.score is not None}
    team = project.evaluators()
    return [ev for ev in team if ev.id in scored] or team


def score_widths(experts: int) -> list[float]:
    """Column widths (mm) of the scoring table with ``experts`` expert columns."""
    widths = list(SCORE_WIDTHS)
    if not experts:
        return widths
    room = sum(widths[c] - least for c, least in SHRINK_TO.items())
    each = min(EXPERT_WIDTH, room / experts)
    take = min(each * experts, widths[6] - SHRINK_TO[6])
    widths[6] -= take
    need = each * experts - take
    slack = {c: widths[c] - least for c, least in SHRINK_TO.items() if c != 6}
    for col, give in slack.items():
        widths[col] -= need * give / sum(slack.values())
    return widths[:6] + [each] * experts + widths[6:]


def _expert_header(ev: Evaluator, index: int) -> str:
    return ev.name.strip() or f"专家{index + 1}"


def write_scores(w: Writer, data: ReportData) -> None:
    """绩效评价指标评分: 一级 / 分值 / 二级 / 分值 / 三级 / 分值 / [each expert] / 得分, with
    总分 and 评价等次 rows."""
    w.paragraph("table_title", "二、绩效评价指标评分", align="left")
    experts = panel_experts(data)
    given = {key: row.score for key, row in given_scores(data.project).items()}
    cells: list[list[str | None]] = [[
        "一级指标", "分值", "二级指标", "分值", "三级指标", "分值",
        *(data.text(_expert_header(ev, i)) for i, ev in enumerate(experts)), "得分"]]
    dim_keys, l2_keys = [], []
    for dim, level2, leaf in leaf_paths(data):
        node = data.node(leaf)
        l2 = level2 if level2 is not None else leaf
        own = [given.get((leaf.id, ev.id)) for ev in experts]
        cells.append([data.label(dim), data.points_cell(data.node(dim)), data.label(l2),
                      data.points_cell(data.node(l2)),
                      data.label(leaf) if leaf is not l2 else "", data.pts(node.weight),
                      *("" if v is None or node.not_applicable else data.pts(v) for v in own),
                      data.score_cell(node)])
        dim_keys.append(dim.id)
        l2_keys.append(l2.id)
    merges = (spans(dim_keys, 1, 0) + spans(dim_keys, 1, 1) + spans(l2_keys, 1, 2)
              + spans(l2_keys, 1, 3))
    total, last = len(cells), 6 + len(experts)
    result = data.result
    middle = total_rate_text(data)
    if result.excluded:
        middle = f"不含不适用指标{data.points(result.excluded)}，{middle}"
    cells.append(["总分", data.pts(result.max), middle, *[None] * (last - 3),
                  data.pts(result.raw)])
    merges.append((total, 2, total, last - 1))
    if result.rescaled:
        cells.append(["百分制折算得分", *[None] * (last - 1), data.total_plain()])
        merges.append((len(cells) - 1, 0, len(cells) - 1, last - 1))
    cells.append(["评价等次", data.grade(), *[None] * (last - 1)])
    merges.append((len(cells) - 1, 1, len(cells) - 1, last))
    _blank_covered(cells, merges)
    add_table(w, TableSpec(cells, score_widths(len(experts)), merges=merges,
                           aligns=["center", "center", "left", "center", "left",
                                   *["center"] * (len(experts) + 2)],
                           bold_rows=list(range(total, len(cells)))))
    paths = leaf_paths(data)
    shown = {dim.id for dim, _, _ in paths} | {l2.id for _, l2, _ in paths if l2 is not None}
    note = data.exclusion_note([n for n in result.nodes if n.id in shown])
    if note:
        w.paragraph("table", note, align="left")


def write_panel(w: Writer, data: ReportData) -> None:
    """评价人员: 姓名 / 职务/职称 / 单位 / 项目评分 / 签字, then the signature lines."""
    w.paragraph("table_title", "三、评价人员", align="left")
    cells: list[list[str | None]] = [["姓　名", "职务/职称", "单　位", "项目评分", "签　字"]]
    totals = evaluator_totals(data.project, data.result)
    for ev in data.project.evaluators():
        given = totals.get(ev.id)
        cells.append([data.text(ev.name), data.text(ev.title), data.text(ev.org),
                      data.pts(given) if given is not None else "", ""])
    if len(cells) == 1:
        cells.append(["", "", "", "", ""])
    add_table(w, TableSpec(cells, [24, 30, 56, 20, 26],
                           heights={r: 12 for r in range(1, len(cells))}))
    leader = next((e.name for e in data.project.evaluators() if "组长" in e.role), "")
    w.paragraph("form", f"评价工作组组长（签字）：{data.text(leader)}", align="left")
    w.paragraph("form", "项目单位负责人（签字并盖章）：", align="left")
    w.paragraph("form", "年　　月　　日", align="right")


def write_scoresheet(w: Writer, projects: list[ReportData]) -> None:
    """The 附件1 set for each project in order, each from its cover."""
    for index, data in enumerate(projects):
        write_cover(w, data, first=index == 0)
        write_targets(w, data)
        write_basic(w, data)
        write_scores(w, data)
        write_panel(w, data)
        write_conclusion(w, data)
