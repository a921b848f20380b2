"""Reading an exported report against the engine: the checks of the consistency test.

``Engine`` holds a project's numbers as the layouts must write them, ``Doc`` a layout read back
with python-docx (paragraphs and table cells); each ``check_*`` returns the disagreements it
finds, as lines naming the layout and what was shown. Used by tests/pfdesk/test_report_consistency.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from pfdesk import funding, panel
from pfdesk.numbers import Numbers, percent
from pfdesk.project import Project
from pfdesk.scoring import NodeScore, ScoreResult, score_project

LAYOUTS = ("full", "brief", "feedback", "infosheet", "scoresheet")
D = Decimal
NUMBER = r"\d+(?:\.\d+)?"
# "…27分（其中不适用指标6分不计分），按21分计，得分20分，得分率95.24%": the points right before
# "得分Y分，得分率Z%" (after at most a few words) are the ones the rate is taken of.
SENTENCE = re.compile(rf"(?P<points>{NUMBER})分(?:计)?，(?:[^，。；：%\d]{{0,8}})?"
                      rf"得分(?P<score>{NUMBER})分，(?:总体)?得分率(?P<rate>{NUMBER})%")
RATE_IN_PROSE = re.compile(rf"得分率(?:为)?{NUMBER}%")
LEAF_HEADING = re.compile(rf"^(?P<label>\S+?)，权重(?P<weight>{NUMBER})分，"
                          rf"(?:得分(?P<score>{NUMBER})分。|该指标不适用|尚未评分)")
CLOSING = re.compile(rf"(?:扣(?P<lost>{NUMBER})分，)?该指标得(?P<score>{NUMBER})分。$")
TOTAL_IN_PROSE = re.compile(rf"(?:综合评价得分|综合得分|百分制折算为)(?P<total>{NUMBER})分")
GRADE_IN_PROSE = re.compile(r"(?:评价等级为|绩效评级为)“(?P<grade>[^”]+)”")
FUNDING_RATE = re.compile(rf"(?P<what>资金到位率|预算执行率)(?P<rate>{NUMBER})%")
POINT_HEADERS = ("权重", "分值")
TOTAL_LABELS = ("合计", "总分")
GRADE_LABELS = ("评价等级", "评价等次", "评价结论")


# ----- what the engine says -----

@dataclass
class Engine:
    """The engine's numbers for one project, written in the project's style."""

    project: Project
    result: ScoreResult
    nums: Numbers
    by_label: dict[str, NodeScore] = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project) -> Engine:
        result = score_project(project)
        engine = cls(project, result, Numbers.of(project.info))
        for node in result.nodes:
            engine.by_label[f"{node.code}{node.name}"] = node
            if node.level == 1:
                engine.by_label[f"{node.code}.{node.name}"] = node
        return engine

    def pts(self, value: Decimal | None) -> str:
        return self.nums.pts(value)

    @property
    def rescaled(self) -> bool:
        return self.result.rescaled

    def grade_ok(self, shown: str) -> bool:
        """The grade as shown: the engine's, or the provisional one marked as provisional."""
        result = self.result
        if result.grade is not None:
            return shown == result.grade
        return shown.startswith(result.provisional_grade) and "暂定" in shown

    def triples(self) -> set[tuple[str, str, str]]:
        """(points that count, score, rate) of each dimension and of the whole, as shown."""
        out = {(self.pts(n.max), self.pts(n.score), percent(n.rate))
               for n in self.result.level1() if n.score is not None}
        r = self.result
        out.add((self.pts(r.max), self.pts(r.raw), percent(r.rate)))
        return out

    def dimension(self, node: NodeScore) -> NodeScore:
        while node.parent_id is not None:
            node = self.result.by_id[node.parent_id]
        return node


def q2(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def rate_from(score: str, points: str) -> str:
    """The rate a reader with a calculator gets from the shown score and points."""
    return f"{q2(D(score) * 100 / D(points)):.2f}"


def first_number(text: str) -> str | None:
    match = re.match(NUMBER, text)
    return match.group(0) if match else None


# ----- the documents -----

@dataclass
class Doc:
    """One exported layout as text: paragraphs and tables (rows of cell texts)."""

    layout: str
    paragraphs: list[str]
    tables: list[list[list[str]]]

    def texts(self, total_rows: bool = True) -> Iterator[str]:
        """Every paragraph and every table cell (cells split into their own paragraphs);
        without the cells of 合计 / 总分 rows (which ``check_total_rows`` reads) if asked."""
        yield from self.paragraphs
        for table in self.tables:
            for row in table:
                if total_rows or not row[0].startswith(TOTAL_LABELS):
                    for cell in dict.fromkeys(row):
                        yield from cell.split("\n")


# ----- checks, each returning the problems found -----

def check_sentences(engine: Engine, doc: Doc) -> list[str]:
    """Every 得分率 in prose is in a "X分…得分Y分，得分率Z%" sentence that adds up and is the
    engine's; a dimension with points not applicable says how many."""
    errors = []
    triples = engine.triples()
    for text in doc.texts(total_rows=False):
        matched = list(SENTENCE.finditer(text))
        for m in matched:
            points, score, rate = m["points"], m["score"], m["rate"]
            if rate_from(score, points) != rate:
                errors.append(f"{doc.layout}: {score} ÷ {points} ≠ {rate}%: {text}")
            if (points, score, f"{rate}%") not in triples:
                errors.append(f"{doc.layout}: ({points}, {score}, {rate}%) is no dimension's "
                              f"(max, score, rate) nor the total's {sorted(triples)}: {text}")
        if len(RATE_IN_PROSE.findall(text)) != len(matched):
            errors.append(f"{doc.layout}: a 得分率 without the points and score it is of: {text}")
        for dim in engine.result.level1():
            excluded = dim.weight - dim.max
            intro = text.startswith(f"{dim.name}指标总分")
            if intro and excluded and not dim.not_applicable:
                if f"不适用指标{engine.pts(excluded)}分" not in text:
                    errors.append(f"{doc.layout}: {dim.name} does not say that "
                                  f"{engine.pts(excluded)} points are not applicable: {text}")
                if SENTENCE.search(text) is None:
                    errors.append(f"{doc.layout}: {dim.name} without its rate: {text}")
    return errors


def check_leaves(engine: Engine, doc: Doc) -> list[str]:
    """'A11…，权重5分，得分5分。' and the closing '扣1分，该指标得3分。' are the engine's."""
    errors = []
    last: NodeScore | None = None
    for text in doc.paragraphs:
        m = LEAF_HEADING.match(text)
        if m and m["label"] in engine.by_label:
            last = node = engine.by_label[m["label"]]
            if m["weight"] != engine.pts(node.weight):
                errors.append(f"{doc.layout}: weight {m['weight']} ≠ {engine.pts(node.weight)}: "
                              f"{text}")
            if m["score"] is not None and m["score"] != engine.pts(node.score):
                errors.append(f"{doc.layout}: score {m['score']} ≠ {engine.pts(node.score)}: "
                              f"{text}")
            continue
        closing = CLOSING.search(text)
        if closing and last is not None and last.score is not None:
            if closing["score"] != engine.pts(last.score):
                errors.append(f"{doc.layout}: {last.code} closes with {closing['score']}: {text}")
            lost = last.weight - last.score
            if closing["lost"] is not None and closing["lost"] != engine.pts(lost):
                errors.append(f"{doc.layout}: {last.code} says 扣{closing['lost']}分: {text}")
        last = None if closing else last
    return errors


def check_prose_totals(engine: Engine, doc: Doc) -> list[str]:
    """Totals and grades in prose; rescaling mentioned exactly when something is excluded."""
    errors = []
    total = engine.pts(engine.result.total)
    for text in doc.texts():
        for m in TOTAL_IN_PROSE.finditer(text):
            if m["total"] != total:
                errors.append(f"{doc.layout}: total {m['total']} ≠ {total}: {text}")
        for m in GRADE_IN_PROSE.finditer(text):
            if not engine.grade_ok(m["grade"]):
                errors.append(f"{doc.layout}: grade {m['grade']}: {text}")
        if "折算" in text and not engine.rescaled:
            errors.append(f"{doc.layout}: rescaling mentioned, nothing is excluded: {text}")
    return errors


def _points_ok(engine: Engine, doc: Doc, node: NodeScore, cell: str) -> bool:
    """A points cell: a leaf's weight; a wholly excluded parent marked 不适用; a part-excluded
    parent's counting points, the excluded ones named in the cell or in a note of the document
    ('B过程分值29分，其中不适用指标2分，按27分计')."""
    excluded = node.weight - node.max
    if node.is_leaf:
        return cell == engine.pts(node.weight)
    if node.not_applicable:
        return "不适用" in cell and first_number(cell) in (None, engine.pts(node.weight))
    if excluded:
        named = f"不适用指标{engine.pts(excluded)}分"
        noted = any(f"{node.code}{node.name}" in p and named in p
                    and f"按{engine.pts(node.max)}分计" in p for p in doc.paragraphs)
        return first_number(cell) == engine.pts(node.max) and (named in cell or noted)
    return cell == engine.pts(node.weight)


def _score_ok(engine: Engine, node: NodeScore, cell: str) -> bool:
    if node.not_applicable:
        return cell in ("不适用", "—", "")
    if node.score is None:
        return cell in ("—", "")
    return cell == engine.pts(node.score)


def _column(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def check_indicator_rows(engine: Engine, doc: Doc, table: list[list[str]]) -> list[str]:
    """Rows naming indicators: points beside each label, the deepest one's score and rate."""
    errors = []
    header = table[0]
    score_col, rate_col = _column(header, "得分"), _column(header, "得分率")
    counting_col = _column(header, "计分权重", "计分分值")
    for row in table[1:]:
        named = [(i, engine.by_label[c]) for i, c in enumerate(row) if c in engine.by_label]
        if not named:
            continue
        for i, node in named:
            if i + 1 < len(row) and header[i + 1] in POINT_HEADERS:
                cell = row[i + 1]
                if counting_col is not None:   # 权重 / 不适用 / 计分权重 columns
                    ok = (cell == engine.pts(node.weight)
                          and row[counting_col] == engine.pts(node.max)
                          and row[counting_col - 1] == engine.pts(node.weight - node.max))
                else:
                    ok = _points_ok(engine, doc, node, cell)
                if not ok:
                    errors.append(f"{doc.layout}: points of {node.code} shown as {row}")
        deepest = max((n for _, n in named), key=lambda n: n.level)
        if score_col is not None and not _score_ok(engine, deepest, row[score_col]):
            errors.append(f"{doc.layout}: score of {deepest.code} shown as {row[score_col]}")
        if rate_col is not None:
            points = row[counting_col] if counting_col is not None else first_number(
                row[named[0][0] + 1])
            if row[rate_col] != percent(deepest.rate):
                errors.append(f"{doc.layout}: rate of {deepest.code} shown as {row[rate_col]}")
            elif (deepest.score is not None and points and D(points)
                    and rate_from(row[score_col], points) + "%" != row[rate_col]):
                errors.append(f"{doc.layout}: {row[score_col]} ÷ {points} ≠ {row[rate_col]}")
    return errors



def _scope(engine: Engine, table: list[list[str]], upto: int) -> NodeScore | None:
    """The dimension a table's 合计 row closes (None: the whole project)."""
    dims = {engine.dimension(engine.by_label[c]).id for row in table[1:upto] for c in row
            if c in engine.by_label}
    return engine.result.by_id[dims.pop()] if len(dims) == 1 else None


def check_total_rows(engine: Engine, doc: Doc, table: list[list[str]]) -> list[str]:
    """合计 / 总分 rows: counting points, raw score, the rate; then 折算 and the grade."""
    errors: list[str] = []
    header = table[0]
    score_col = _column(header, "得分")
    counting_col = _column(header, "计分权重", "计分分值")
    points_cols = [i for i, h in enumerate(header) if h in POINT_HEADERS]
    result = engine.result
    for index, row in enumerate(table):
        if not row[0].startswith(TOTAL_LABELS) or score_col is None or not points_cols:
            continue
        scope = _scope(engine, table, index)
        if scope is not None and scope.not_applicable:
            if "不适用" not in row[score_col] or "不适用" not in "".join(row[1:score_col]):
                errors.append(f"{doc.layout}: {scope.code} is not applicable, its 合计 {row}")
            continue
        points, score = (scope.max, scope.score) if scope else (result.max, result.raw)
        weight = scope.weight if scope else sum((n.weight for n in result.level1()), D(0))
        rate = scope.rate if scope else result.rate
        shown_points = row[counting_col] if counting_col is not None else row[points_cols[0]]
        where = f"{doc.layout} {row[0]} row {row}"
        if first_number(shown_points) != engine.pts(points):
            errors.append(f"{where}: points ≠ {engine.pts(points)}")
        if weight != points and f"{engine.pts(weight - points)}" not in "".join(row):
            errors.append(f"{where}: does not say {engine.pts(weight - points)} points are "
                          "not applicable")
        if row[score_col] != engine.pts(score):
            errors.append(f"{where}: score ≠ {engine.pts(score)}")
        rates = [r for cell in dict.fromkeys(row) for r in re.findall(rf"({NUMBER})%", cell)]
        if scope is None and not rates:
            errors.append(f"{where}: no 得分率")
        counted = first_number(shown_points)
        for shown in rates:
            if f"{shown}%" != percent(rate) or not counted or not D(counted) or rate_from(
                    row[score_col], counted) != shown:
                errors.append(f"{where}: rate {shown}% (engine {percent(rate)})")
        if scope is None:
            errors += _after_total(engine, doc, table[index + 1:])
    return errors


def _after_total(engine: Engine, doc: Doc, rows: list[list[str]]) -> list[str]:
    """Below the whole project's 合计: the 百分制折算 row exactly when rescaled, then the grade."""
    errors = []
    rescaled_rows = [r for r in rows if "折算" in r[0]]
    if engine.rescaled and not rescaled_rows:
        errors.append(f"{doc.layout}: no 百分制折算 row below 合计")
    for row in rescaled_rows:
        total = engine.pts(engine.result.total)
        if total not in row or not engine.rescaled:
            errors.append(f"{doc.layout}: 折算 row {row} (total {total})")
    grades = [r for r in rows if any(c in GRADE_LABELS for c in r)]
    if not grades:
        errors.append(f"{doc.layout}: no grade below 合计")
    return errors


def check_label_cells(engine: Engine, doc: Doc, table: list[list[str]]) -> list[str]:
    """Form cells: 评价分值 → the total; 评价等级 / 等次 / 结论 → the grade."""
    errors = []
    total = engine.pts(engine.result.total)
    for row in table:
        cells = list(dict.fromkeys(row))
        for label, value in pairwise(cells):
            if label == "评价分值" and value not in (total, f"{total}分"):
                errors.append(f"{doc.layout}: 评价分值 {value} ≠ {total}")
            if label in GRADE_LABELS and not engine.grade_ok(value):
                errors.append(f"{doc.layout}: {label} {value}")
    return errors


def check_tables(engine: Engine, doc: Doc) -> list[str]:
    errors = []
    for table in doc.tables:
        errors += check_indicator_rows(engine, doc, table)
        errors += check_total_rows(engine, doc, table)
        errors += check_label_cells(engine, doc, table)
    return errors


def check_style(engine: Engine, doc: Doc) -> list[str]:
    """Scores and weights in indicator tables and in the standard sentences follow the style."""
    errors = []
    for text in doc.texts():
        for m in [*SENTENCE.finditer(text), *LEAF_HEADING.finditer(text)]:
            for key in ("points", "score", "weight"):
                value = m.groupdict().get(key)
                if value is not None and engine.pts(D(value)) != value:
                    errors.append(f"{doc.layout}: {value} not in style {engine.nums.style}: "
                                  f"{text}")
    for table in doc.tables:
        header = table[0]
        cols = [i for i, h in enumerate(header) if h in (*POINT_HEADERS, "得分", "计分权重")]
        for row in table[1:]:
            for col in cols:
                value = first_number(row[col])
                if value is not None and engine.pts(D(value)) != value:
                    errors.append(f"{doc.layout}: {row[col]} not in style {engine.nums.style}")
    return errors


def check_evaluators(engine: Engine, doc: Doc) -> list[str]:
    """The scoresheet's 项目评分 column: each evaluator's total from the engine."""
    totals = panel.evaluator_totals(engine.project, engine.result)
    names = {ev.name: totals.get(ev.id) for ev in engine.project.evaluators()}
    errors = []
    for table in doc.tables:
        if "项目评分" not in table[0]:
            continue
        col = table[0].index("项目评分")
        for row in table[1:]:
            if row[0] in names:
                value = names[row[0]]
                expected = "" if value is None else engine.pts(value)
                if row[col] != expected:
                    errors.append(f"{doc.layout}: {row[0]} 项目评分 {row[col]} ≠ {expected}")
    return errors


def check_funding(engine: Engine, doc: Doc) -> list[str]:
    """Funding rates in the funding sentence and money column totals are the engine's."""
    figures = funding.of(engine.project)
    rates = {"资金到位率": figures.arrival_rate, "预算执行率": figures.execution_rate}
    errors = []
    info = engine.project.info
    own = info.funding_cutoff.strip()
    if own:
        year, month, day = (int(x) for x in own.split("-"))
        cutoff = f"截至{year}年{month}月{day}日，"
    else:
        cutoff = f"截至{info.eval_year.strip()}年12月31日，" if info.eval_year.strip() else ""
    for text in doc.paragraphs:
        if text.startswith(("项目预算资金", "项目总资金")) and "实际" in text and (
                (cutoff and cutoff not in text) or (not cutoff and "截至" in text)):
            errors.append(f"{doc.layout}: cut-off date not {cutoff or 'absent'}: {text}")
        if not text.startswith("项目预算资金"):
            continue
        for m in FUNDING_RATE.finditer(text):
            if f"{m['rate']}%" != percent(rates[m["what"]]):
                errors.append(f"{doc.layout}: {m['what']}{m['rate']}% ≠ "
                              f"{percent(rates[m['what']])}")
    columns = ("total_budget", "bid_price", "audited_price", "paid_total", "paid_this_year")
    for table in doc.tables:
        if table[0][:2] != ["序号", "名称"]:
            continue
        expected = [engine.nums.money(figures.items.get(c)) for c in columns]
        if table[-1][3:8] != expected:
            errors.append(f"{doc.layout}: funding 合计 {table[-1][3:8]} ≠ {expected}")
    return errors


def _grouped(engine: Engine, value: Decimal | None) -> str:
    """Money with thousands separated, worked out here from the engine's figure."""
    if value is None:
        return ""
    whole, _, cents = engine.nums.money(value).partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return ",".join([whole, *groups]) + "." + cents


def check_money_cells(engine: Engine, doc: Doc) -> list[str]:
    """The 结果信息表's 决算金额 is the engine's 实际支出 (thousands separated), and the targets
    table's 年度资金总额 / 财政性资金 / 其他资金 are the engine's budget and the budgets by
    source summed."""
    figures = funding.of(engine.project)
    sources = engine.project.funding_sources()

    def summed(fiscal: bool) -> Decimal | None:
        if not sources:
            return None
        return sum((s.budget for s in sources if s.budget is not None
                    and (s.source != "其他") == fiscal), D(0))

    wanted_funds = [figures.base if figures.base is not None else figures.sources["budget"],
                    summed(True), summed(False)]
    errors = []
    for table in doc.tables:
        for row in table:
            if row[0] == "决算金额":
                expected = (f"{_grouped(engine, figures.spent)}万元"
                            if figures.spent is not None else "")
                if row[1] != expected:
                    errors.append(f"{doc.layout}: 决算金额 {row[1]} ≠ {expected}")
            if len(row) > 3 and row[1] in FUND_ROWS:
                value = wanted_funds[FUND_ROWS.index(row[1])]
                expected = engine.nums.money(value) if value is not None else ""
                if row[3] != expected:
                    errors.append(f"{doc.layout}: targets table {row[1]} {row[3]} ≠ {expected}")
    return errors


FUND_ROWS = ("年度资金总额", "其中：财政性资金", "其他资金")
LOST_IN_PROSE = re.compile(rf"(?P<name>[^、，；。（）]+?)扣(?P<lost>{NUMBER})分")


def check_lost_in_prose(engine: Engine, doc: Doc) -> list[str]:
    """'绩效目标合理性扣1分（…）' in prose naming an indicator: the points lost are the engine's
    (weight − score of that indicator)."""
    by_name: dict[str, list[NodeScore]] = {}
    for node in engine.result.nodes:
        if node.is_leaf:
            by_name.setdefault(node.name, []).append(node)
    errors = []
    for text in doc.texts(total_rows=False):
        for m in LOST_IN_PROSE.finditer(text):
            nodes = by_name.get(m["name"].strip())
            if not nodes:
                continue
            if all(engine.pts(n.lost) != m["lost"] for n in nodes):
                errors.append(f"{doc.layout}: {m['name']} 扣{m['lost']}分 ≠ "
                              f"{[engine.pts(n.lost) for n in nodes]}: {text}")
    return errors


CHECKS = (check_sentences, check_leaves, check_prose_totals, check_tables, check_style,
          check_evaluators, check_funding, check_money_cells, check_lost_in_prose)
