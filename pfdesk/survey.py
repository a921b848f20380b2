"""Satisfaction surveys (满意度调查): options mapped to scores, and per-question and overall results.

An ``OptionMap`` says what each option means: its score (非常满意 100, 满意 80, 一般 60, 不满意 40,
非常不满意 20 by default) and whether it counts as satisfied (非常满意 and 满意 by default). An
option may have no score (such as 不了解): it is then neither valid nor odd. The map is edited
by the user and stored as JSON (``map_to_json`` / ``map_from_json``).

``summarize`` reads the answers (``survey_file``) of the question columns — those given, or by
default every column where at least half of the filled cells are options — and counts each
option per question. From
the counts, exactly (integers, then one division rounded half up to two decimals):

- 样本量 (sample): the respondents (non-empty rows);
- 有效回答 (valid) of a question: the answers that are a scored option;
- 满意率 = satisfied answers ÷ valid answers × 100%; 平均分 = Σ scores ÷ valid answers;
- overall: the same over every answer of every question (Σ satisfied ÷ Σ valid,
  Σ scores ÷ Σ valid); 有效样本 counts the respondents with at least one valid answer.

A blank answer and a value that is no option are reported with row and column ("第5行 C列").
A question with no valid answer has no rate (its ``problem`` says so); a survey with no valid
answer at all is refused (``SurveyError``). A ``Summary`` keeps only counts, so stored as JSON
(``to_json`` / ``from_json``, untrusted input checked) its rates are always recomputed the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import PfdeskError
from .numbers import HUNDRED, q2, shown, to_decimal

if TYPE_CHECKING:   # the file reader (and with it the Excel reader) loads only to read a file
    from .survey_file import Answers


class SurveyError(PfdeskError):
    """A survey file or survey data that cannot be used; the message says what to do."""


def place(row: int, col: int) -> str:
    """Where a cell is, as people say it: '第5行 C列'."""
    from .importer.sheetxml import column_letter

    return f"第{row}行 {column_letter(col)}列"

FORMAT = "pfdesk-survey"
MAP_FORMAT = "pfdesk-survey-options"
VERSION = 1
MAX_OPTIONS = 30
MAX_QUESTIONS = 100
MAX_ISSUES = 500
MAX_JSON = 200_000
MAX_TEXT = 200
MAX_TITLE = MAX_TEXT * 5     # a question's title as stored
MAX_COUNT = 10_000_000


@dataclass(frozen=True)
class Option:
    """One answer option: its score (None: not counted) and whether it is satisfied."""

    text: str
    score: Decimal | None
    satisfied: bool


def normal(text: str) -> str:
    """An answer as compared: NFKC, no spaces, no leading option letter ('A. 满意' → '满意')."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    return re.sub(r"^(?:[A-Ha-h][.、:)]|\([A-Ha-h]\))", "", value)


@dataclass(frozen=True)
class OptionMap:
    """The options a survey's answers are read as (see the module docstring)."""

    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        check_options(self.options)

    def find(self, answer: str) -> Option | None:
        """The option an answer is, compared as ``normal`` says; None for an odd value."""
        key = normal(answer)
        return next((o for o in self.options if normal(o.text) == key), None)


def check_options(options: Sequence[Option]) -> None:
    """The rules for an option list; ``SurveyError`` naming the option."""
    if not options:
        raise SurveyError("选项对照表是空的：请至少设置一个选项")
    if len(options) > MAX_OPTIONS:
        raise SurveyError(f"选项过多（最多 {MAX_OPTIONS} 个）")
    seen: set[str] = set()
    for k, option in enumerate(options, 1):
        if not normal(option.text) or len(option.text) > MAX_TEXT:
            raise SurveyError(f"第 {k} 个选项的文字{'为空' if not normal(option.text) else '过长'}")
        if normal(option.text) in seen:
            raise SurveyError(f"选项“{shown(option.text)}”出现了两次")
        seen.add(normal(option.text))
        if option.score is not None and not Decimal(0) <= option.score <= HUNDRED:
            raise SurveyError(f"选项“{shown(option.text)}”的分值应在 0～100 之间")
        if option.score is None and option.satisfied:
            raise SurveyError(f"选项“{shown(option.text)}”不计分，不能算作满意")
    if not any(o.score is not None for o in options):
        raise SurveyError("没有计分的选项：请至少给一个选项设置分值")


DEFAULT_MAP = OptionMap((
    Option("非常满意", Decimal(100), True), Option("满意", Decimal(80), True),
    Option("一般", Decimal(60), False), Option("不满意", Decimal(40), False),
    Option("非常不满意", Decimal(20), False)))


@dataclass(frozen=True)
class Issue:
    """A blank or odd answer in a question column."""

    row: int
    col: int
    value: str

    @property
    def message(self) -> str:
        """'第5行 C列：未作答' / '第7行 D列：“还行”不是选项'."""
        what = "未作答" if not self.value else f"“{shown(self.value)}”不是对照表中的选项"
        return f"{place(self.row, self.col)}：{what}"


@dataclass(frozen=True)
class Question:
    """The counts of one question column."""

    col: int                                  # 1-based column number
    title: str
    counts: tuple[int, ...]                   # per option of the map, in its order
    blank: int
    odd: int


@dataclass(frozen=True)
class Result:
    """The numbers of a question or of the whole survey."""

    sample: int
    valid: int
    satisfied: int
    score_sum: Decimal

    @property
    def rate(self) -> Decimal | None:
        """满意率 in percent, two decimals (None without valid answers)."""
        return q2(Decimal(self.satisfied) * HUNDRED / self.valid) if self.valid else None

    @property
    def mean(self) -> Decimal | None:
        """Mean score, two decimals (None without valid answers)."""
        return q2(self.score_sum / self.valid) if self.valid else None


@dataclass(frozen=True)
class Summary:
    """A survey read and counted: the option map, each question's counts, the respondents."""

    options: OptionMap
    questions: tuple[Question, ...]
    respondents: int
    valid_respondents: int
    file: str = ""
    issues: tuple[Issue, ...] = ()
    more_issues: int = 0                      # issues beyond MAX_ISSUES, counted only
    skipped: tuple[str, ...] = field(default=())   # columns that are not questions

    def result(self, question: Question) -> Result:
        """A question's sample, valid answers, satisfied answers and score sum."""
        valid = satisfied = 0
        total = Decimal(0)
        for option, count in zip(self.options.options, question.counts, strict=True):
            if option.score is None:
                continue
            valid += count
            satisfied += count if option.satisfied else 0
            total += option.score * count
        return Result(self.respondents, valid, satisfied, total)

    def overall(self) -> Result:
        """Every answer of every question together."""
        parts = [self.result(q) for q in self.questions]
        return Result(self.respondents, sum(p.valid for p in parts),
                      sum(p.satisfied for p in parts),
                      sum((p.score_sum for p in parts), Decimal(0)))

    def problem(self, question: Question) -> str:
        """'' or why a question has no rate."""
        if self.result(question).valid:
            return ""
        return f"{column_name(question.col)}“{shown(question.title)}”没有有效回答，无法计算满意率"


def column_name(col: int) -> str:
    """'C列'."""
    return place(1, col).split(" ")[1]


def _is_question(answers: Answers, options: OptionMap, col: int) -> bool:
    """At least one answer, and at least half of the filled cells, are options (a comment
    column where someone wrote 满意 is not a question)."""
    filled = [row[col - 1] for row in answers.rows if row[col - 1]]
    hits = sum(1 for value in filled if options.find(value) is not None)
    return hits > 0 and 2 * hits >= len(filled)


def _question_columns(answers: Answers, options: OptionMap, columns: Sequence[int] | None
                      ) -> list[int]:
    if columns is not None:
        bad = [c for c in columns if not 1 <= c <= answers.width]
        if bad:
            raise SurveyError(f"{answers.file} 没有第 {bad[0]} 列（共 {answers.width} 列）")
        return list(dict.fromkeys(columns))
    found = [c for c in range(1, answers.width + 1) if _is_question(answers, options, c)]
    if not found:
        names = "、".join(o.text for o in options.options[:5])
        raise SurveyError(f"{answers.file} 中没有找到题目列：没有一列的答案是选项（{names}）。"
                          "请检查选项对照表，或指定题目所在的列")
    return found


def summarize(answers: Answers, options: OptionMap = DEFAULT_MAP,
              columns: Sequence[int] | None = None) -> Summary:
    """Count the answers of the question columns (see the module docstring)."""
    cols = _question_columns(answers, options, columns)
    index = {normal(o.text): k for k, o in enumerate(options.options)}
    issues: list[Issue] = []
    more = 0
    questions = []
    scored = [o.score is not None for o in options.options]
    has_valid = [False] * len(answers.rows)
    for col in cols:
        counts = [0] * len(options.options)
        blank = odd = 0
        for r, row in enumerate(answers.rows):
            value = row[col - 1]
            k = index.get(normal(value)) if value else None
            if k is not None:
                counts[k] += 1
                has_valid[r] = has_valid[r] or scored[k]
                continue
            if value:
                odd += 1
            else:
                blank += 1
            if len(issues) < MAX_ISSUES:
                issues.append(Issue(answers.row_numbers[r], col, value))
            else:
                more += 1
        # a title as long as the stored form keeps (a heading cell may hold 2,000 characters)
        title = answers.headings[col - 1][:MAX_TITLE]
        questions.append(Question(col, title, tuple(counts), blank, odd))
    chosen = set(cols)
    skipped = tuple(f"{column_name(c)}“{shown(answers.headings[c - 1])}”"
                    for c in range(1, answers.width + 1) if c not in chosen)
    summary = Summary(options, tuple(questions), len(answers.rows), sum(has_valid),
                      answers.file[:MAX_TEXT], tuple(issues), more, skipped)
    if summary.overall().valid == 0:
        raise SurveyError(f"{answers.file} 没有有效答卷：{len(answers.rows)} 份答卷的题目列中"
                          "没有一个答案是计分的选项，无法计算满意度。请检查选项对照表")
    return summary


# ----- storage (untrusted JSON) -----

def _option_dict(option: Option) -> dict[str, Any]:
    return {"text": option.text, "score": None if option.score is None else str(option.score),
            "satisfied": option.satisfied}


def map_to_dict(options: OptionMap) -> dict[str, Any]:
    """The option map as JSON-ready data."""
    return {"format": MAP_FORMAT, "version": VERSION,
            "options": [_option_dict(o) for o in options.options]}


def map_to_json(options: OptionMap) -> str:
    """The option map as JSON text."""
    return json.dumps(map_to_dict(options), ensure_ascii=False)


def _load(text: str, what: str) -> object:
    if len(text) > MAX_JSON:
        raise SurveyError(f"{what}过大")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SurveyError(f"{what}不是有效的 JSON") from exc


def _head(data: object, fmt: str, items: set[str], what: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise SurveyError(f"{what}的格式不对（缺少 \"format\": \"{fmt}\"）")
    extra = set(data) - items
    if extra:
        raise SurveyError(f"{what}中有不认识的项：{'、'.join(shown(str(x)) for x in sorted(extra))}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise SurveyError(f"{what}的版本不对（可能来自更新版本的 pfdesk）")
    return data


def _option(item: object, k: int) -> Option:
    where = f"第 {k} 个选项"
    if not isinstance(item, dict) or set(item) - {"text", "score", "satisfied"}:
        raise SurveyError(f"{where}应为含 text、score、satisfied 的对象")
    text, score, satisfied = item.get("text"), item.get("score"), item.get("satisfied", False)
    if not isinstance(text, str) or not isinstance(satisfied, bool):
        raise SurveyError(f"{where}的文字或“是否满意”类型不对")
    if score is not None and not isinstance(score, str):
        raise SurveyError(f"{where}的分值应写成文字（如 \"80\"）或 null")
    try:
        value = to_decimal(score)
    except ValueError as exc:
        raise SurveyError(f"{where}的分值不是数字") from exc
    return Option(text, value, satisfied)


def _options(raw: object) -> OptionMap:
    if not isinstance(raw, list) or len(raw) > MAX_OPTIONS:
        raise SurveyError(f"选项应为不超过 {MAX_OPTIONS} 项的列表")
    return OptionMap(tuple(_option(item, k) for k, item in enumerate(raw, 1)))


def map_from_json(text: str) -> OptionMap:
    """An option map from stored or imported JSON text (untrusted)."""
    data = _head(_load(text, "选项对照表"), MAP_FORMAT, {"format", "version", "options"},
                 "选项对照表")
    return _options(data.get("options"))


def to_dict(summary: Summary) -> dict[str, Any]:
    """The counted survey as JSON-ready data (counts only: rates are recomputed)."""
    return {"format": FORMAT, "version": VERSION, "file": summary.file,
            "options": [_option_dict(o) for o in summary.options.options],
            "respondents": summary.respondents, "valid_respondents": summary.valid_respondents,
            "questions": [{"col": q.col, "title": q.title, "counts": list(q.counts),
                           "blank": q.blank, "odd": q.odd} for q in summary.questions]}


def to_json(summary: Summary) -> str:
    """The counted survey as JSON text."""
    return json.dumps(to_dict(summary), ensure_ascii=False)


def _count(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise SurveyError(f"{what}应为不超过 {MAX_COUNT} 的非负整数")
    return value


def _question(item: object, k: int, width: int, respondents: int) -> Question:
    where = f"问卷结果第 {k} 题"
    if not isinstance(item, dict) or set(item) != {"col", "title", "counts", "blank", "odd"}:
        raise SurveyError(f"{where}应含 col、title、counts、blank、odd")
    col, title, counts = item["col"], item["title"], item["counts"]
    if not isinstance(title, str) or len(title) > MAX_TITLE:
        raise SurveyError(f"{where}的题目应为文字")
    if not isinstance(counts, list) or len(counts) != width:
        raise SurveyError(f"{where}的计数应与选项一一对应（{width} 个）")
    question = Question(_count(col, f"{where}的列号"), title,
                        tuple(_count(c, f"{where}的计数") for c in counts),
                        _count(item["blank"], f"{where}的未作答数"),
                        _count(item["odd"], f"{where}的无法识别数"))
    if question.col < 1 or sum(question.counts) + question.blank + question.odd != respondents:
        raise SurveyError(f"{where}的各项计数之和与答卷数 {respondents} 不符")
    return question


def from_json(text: str) -> Summary:
    """A counted survey from stored JSON text (untrusted): every count checked and consistent."""
    data = _head(_load(text, "问卷结果"), FORMAT,
                 {"format", "version", "file", "options", "respondents", "valid_respondents",
                  "questions"}, "问卷结果")
    options = _options(data.get("options"))
    file = data.get("file", "")
    if not isinstance(file, str) or len(file) > MAX_TEXT:
        raise SurveyError("问卷结果的文件名应为文字")
    respondents = _count(data.get("respondents"), "答卷数")
    valid = _count(data.get("valid_respondents"), "有效答卷数")
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_QUESTIONS:
        raise SurveyError(f"问卷结果的题目应为 1～{MAX_QUESTIONS} 题的列表")
    questions = tuple(_question(item, k, len(options.options), respondents)
                      for k, item in enumerate(raw, 1))
    if len({q.col for q in questions}) != len(questions) or valid > respondents:
        raise SurveyError("问卷结果的列号重复，或有效答卷数多于答卷数")
    summary = Summary(options, questions, respondents, valid, file)
    if summary.overall().valid == 0:
        raise SurveyError("问卷结果没有有效回答，无法计算满意度")
    return summary
