"""``pfdesk survey summary`` and ``pfdesk survey import``: a satisfaction survey's results from
its .xlsx or .csv export, shown or kept in a project.

    pfdesk survey summary ANSWERS.xlsx [--columns D,E,F] [--options MAP.json] [--json]
    pfdesk survey import PROJECT.pfdesk ANSWERS.xlsx [--name 名称] [--columns D,E,F]
                         [--options MAP.json] [--user 姓名]

``import`` keeps the counted survey in the project under ``--name`` (default: the file's name
without its suffix; a survey of that name is replaced), as one recorded edit; rules of 满意度
indicators read it by that name. It prints what ``summary`` prints (exit 1 when some answers
are blank or odd: they are listed, the survey is kept all the same).
This module also registers ``pfdesk rule`` (see ``cli_rule``).

Per question and overall: sample size (respondents), valid answers, satisfied answers, 满意率
and mean score (see ``pfdesk.survey``), the columns left out as not questions, and every blank
or odd answer with its row and column. ``--options`` reads an option map saved as JSON
(``pfdesk.survey.map_to_json``); the default maps 非常满意 … 非常不满意 to 100 … 20.
``--json`` prints ``{"file", "respondents", "valid_respondents", "questions": [{"column",
"title", "sample", "valid", "satisfied", "rate", "mean", "counts", "blank", "odd", "problem"}],
"overall", "skipped", "issues": [{"row", "column", "value", "message"}], "more_issues"}`` with
rates and means as two-decimal strings (null without valid answers). Exit code 0 when every
answer was read, 1 when some are blank or odd, 2 when the file cannot be used or has no valid
answer.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import survey
from .importer.sheetxml import column_letter, column_number
from .survey_file import SurveyError, read_answers

EXIT_OK, EXIT_PROBLEMS = 0, 1
_SHOWN_ISSUES = 20


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``survey`` with its ``summary`` subcommand."""
    parser = sub.add_parser("survey", help="满意度调查：汇总问卷星等平台导出的答卷")
    actions = parser.add_subparsers(dest="survey_command", required=True,
                                    parser_class=type(parser), metavar="命令",
                                    help="以下之一；pfdesk survey 命令 --help 查看其用法")
    p = actions.add_parser("summary", help="各题和总体的样本量、有效回答、满意率、平均分")
    p.add_argument("answers", type=Path, help="答卷文件（.xlsx 或 .csv，一行一份答卷，一列一题）")
    p.add_argument("--columns", default=None, metavar="D,E,F",
                   help="题目所在的列（默认：答案为选项的各列）")
    p.add_argument("--options", type=Path, default=None, metavar="MAP.json",
                   help="选项对照表（JSON），默认 非常满意100 满意80 一般60 不满意40 非常不满意20")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    p.set_defaults(func=cmd_summary)
    p = actions.add_parser("import", help="把答卷汇总结果存入项目，供满意度指标的评分规则使用")
    p.add_argument("project", type=Path, help="项目文件")
    p.add_argument("answers", type=Path, help="答卷文件（.xlsx 或 .csv）")
    p.add_argument("--name", default=None, help="调查名称（默认取文件名）；同名调查将被替换")
    p.add_argument("--columns", default=None, metavar="D,E,F", help="题目所在的列")
    p.add_argument("--options", type=Path, default=None, metavar="MAP.json", help="选项对照表（JSON）")
    p.add_argument("--user", default="", help="记录的修改人（默认取 PFDESK_USER 或系统账户名）")
    p.set_defaults(func=cmd_import)
    from . import cli_rule

    cli_rule.register(sub)


def _columns(text: str | None) -> list[int] | None:
    if text is None:
        return None
    out = []
    for part in text.replace("，", ",").split(","):
        letters = part.strip().upper()
        number = column_number(letters) if letters.isalpha() and len(letters) <= 3 else 0
        if number < 1:
            raise SurveyError(f"--columns 中的“{letters[:10]}”不是列名，请写成 D,E,F 的形式")
        out.append(number)
    return out


def _options(path: Path | None) -> survey.OptionMap:
    if path is None:
        return survey.DEFAULT_MAP
    try:
        text = path.read_bytes()[:survey.MAX_JSON + 1].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SurveyError(f"无法读取选项对照表 {path.name}") from exc
    return survey.map_from_json(text)


def _result(result: survey.Result) -> dict[str, Any]:
    return {"sample": result.sample, "valid": result.valid, "satisfied": result.satisfied,
            "rate": None if result.rate is None else f"{result.rate:.2f}",
            "mean": None if result.mean is None else f"{result.mean:.2f}"}


def as_dict(summary: survey.Summary) -> dict[str, Any]:
    """The summary as the --json output."""
    names = [o.text for o in summary.options.options]
    return {
        "file": summary.file, "respondents": summary.respondents,
        "valid_respondents": summary.valid_respondents,
        "questions": [{"column": column_letter(q.col), "title": q.title,
                       **_result(summary.result(q)),
                       "counts": dict(zip(names, q.counts, strict=True)), "blank": q.blank,
                       "odd": q.odd, "problem": summary.problem(q) or None}
                      for q in summary.questions],
        "overall": _result(summary.overall()), "skipped": list(summary.skipped),
        "issues": [{"row": i.row, "column": column_letter(i.col), "value": i.value,
                    "message": i.message} for i in summary.issues],
        "more_issues": summary.more_issues}


def _rate(result: survey.Result) -> str:
    if result.rate is None or result.mean is None:
        return "—（无有效回答）"
    return f"满意率 {result.rate:.2f}%，平均分 {result.mean:.2f}"


def _read(args: argparse.Namespace) -> survey.Summary:
    return survey.summarize(read_answers(args.answers), _options(args.options),
                            _columns(args.columns))


def cmd_summary(args: argparse.Namespace) -> int:
    """pfdesk survey summary FILE: 0 all read, 1 blanks or odd answers, 2 unusable."""
    summary = _read(args)
    if args.json:
        print(json.dumps(as_dict(summary), ensure_ascii=False, indent=1))
        return EXIT_PROBLEMS if summary.issues or summary.more_issues else EXIT_OK
    return _show(summary)


def cmd_import(args: argparse.Namespace) -> int:
    """pfdesk survey import PROJECT FILE: kept; 0 all read, 1 blanks or odd answers listed."""
    from . import commands
    from .cli_edit import open_for_edit

    summary = _read(args)
    name = args.name if args.name is not None else args.answers.stem
    with open_for_edit(args.project, args.user) as project:
        change = project.apply(commands.import_survey(project, name, args.answers.name, summary))
    code = _show(summary)
    print(f"已保存：{change.label}（记录者 {change.entry.user if change.entry else project.user}）")
    return code


def _show(summary: survey.Summary) -> int:
    issues = len(summary.issues) + summary.more_issues
    print(f"{summary.file}：答卷 {summary.respondents} 份，有效答卷 {summary.valid_respondents} 份，"
          f"{len(summary.questions)} 道题")
    for q in summary.questions:
        r = summary.result(q)
        print(f"  {column_letter(q.col)}列 {q.title}：有效回答 {r.valid}，满意 {r.satisfied}，{_rate(r)}")
    overall = summary.overall()
    print(f"总体：有效回答 {overall.valid}，满意 {overall.satisfied}，{_rate(overall)}")
    if summary.skipped:
        print(f"未作为题目的列：{'、'.join(summary.skipped)}")
    if issues:
        print(f"需要核对的答案 {issues} 处：")
        for issue in summary.issues[:_SHOWN_ISSUES]:
            print(f"  {issue.message}")
        if issues > _SHOWN_ISSUES:
            print(f"  …… 其余 {issues - _SHOWN_ISSUES} 处用 --json 查看")
    return EXIT_PROBLEMS if issues else EXIT_OK
