"""Indicator templates: the bundled JSON frameworks, checking them, and new projects from them.

A template is one JSON file in ``resources/templates`` named after its id:
``{"id", "name", "description", "grade_bands" (optional), "indicators": [nested indicator dicts]}``,
the indicator dicts as read by ``tree.spec_from_dict``. Every template is checked when loaded:
weights present, children adding up to their parent, level 1 adding up to 100, codes unique.
A leaf may carry a scoring rule (``"rule": {…}`` as ``rules.store.to_dict`` writes it, checked
by ``rules.store.from_dict``; the leaf needs a code): a project made from the template scores
that leaf by the rule (method 'rule') as soon as its inputs are entered. Templates without
rules stay valid.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import projectfile
from .edits import Edit
from .errors import PfdeskError, TemplateError
from .model import Indicator, ProjectInfo
from .numbers import HUNDRED, plain, to_decimal
from .plain import os_reason
from .project import Project
from .resources import resource
from .scoring import bands_json
from .tree import IndicatorSpec, insert_ops, spec_from_dict

if TYPE_CHECKING:
    from .rules import Rule

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE = "national-2020"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class TemplateInfo:
    """What a template list shows: id, name and a one-paragraph description."""

    id: str
    name: str
    description: str


@dataclass
class Template:
    """A loaded and checked template."""

    id: str
    name: str
    description: str
    indicators: list[IndicatorSpec] = field(default_factory=list)
    grade_bands: list[tuple[str, Decimal]] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)       # by leaf code

    @property
    def info(self) -> TemplateInfo:
        """The id, name and description."""
        return TemplateInfo(self.id, self.name, self.description)

    def leaves(self) -> list[IndicatorSpec]:
        """Every indicator without children, in tree order."""
        return [s for top in self.indicators for s in top.walk() if not s.children]

    def bands_json(self) -> str:
        """The grade bands as stored on the project row ('' for the national default)."""
        return bands_json(self.grade_bands) if self.grade_bands else ""


def templates_dir() -> Path:
    """The folder of the bundled templates."""
    return resource("templates")


def list_templates(folder: Path | None = None) -> list[TemplateInfo]:
    """The usable templates, the default first, then by id; a broken file is logged and left out."""
    folder = folder or templates_dir()
    found: list[TemplateInfo] = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(_read(path).info)
        except TemplateError as exc:
            log.warning("template skipped: %s", exc)
    found.sort(key=lambda t: (t.id != DEFAULT_TEMPLATE, t.id))
    return found


def load_template(template_id: str, folder: Path | None = None) -> Template:
    """Load and check one template by id (TemplateError if unknown or malformed)."""
    folder = folder or templates_dir()
    if not _ID.match(template_id or ""):
        raise TemplateError(f"模板编号“{template_id}”不正确（只能含小写字母、数字和连字符）")
    path = folder / f"{template_id}.json"
    if not path.is_file():
        known = "、".join(p.stem for p in sorted(folder.glob("*.json"))) or "无"
        raise TemplateError(f"没有编号为“{template_id}”的指标模板（现有模板：{known}）")
    return _read(path)


def _read(path: Path) -> Template:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"模板文件 {path.name} 无法读取（{os_reason(exc)}）") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"模板文件 {path.name} 不是 UTF-8 编码的文本") from exc
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"模板文件 {path.name} 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）"
        ) from exc
    return _parse(path.name, data, path.stem)


def _parse(fname: str, data: Any, stem: str) -> Template:
    if not isinstance(data, dict):
        raise TemplateError(f"模板文件 {fname} 的内容应是一个 JSON 对象")
    for key in ("id", "name", "indicators"):
        if key not in data:
            raise TemplateError(f"模板文件 {fname} 缺少“{key}”")
    if str(data["id"]) != stem:
        raise TemplateError(f"模板文件 {fname} 的 id“{data['id']}”与文件名不一致")
    items = data["indicators"]
    if not isinstance(items, list) or not items:
        raise TemplateError(f"模板文件 {fname} 的 indicators 应是非空的列表")
    rules: dict[str, Rule] = {}
    specs = [_spec(fname, item, [str(n + 1)], rules) for n, item in enumerate(items)]
    template = Template(
        id=str(data["id"]), name=str(data["name"]),
        description=str(data.get("description", "")), indicators=specs,
        grade_bands=_bands(fname, data.get("grade_bands")), rules=rules)
    problems = check_specs(specs)
    if problems:
        raise TemplateError(f"模板文件 {fname} 有误：{problems[0]}"
                            + (f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""))
    return template


def _rule(fname: str, place: str, item: dict[str, Any], rules: dict[str, Rule]) -> None:
    """The leaf's rule, checked, kept by its code (``pfdesk.rules`` loaded only for it)."""
    from .rules import RuleError
    from .rules.store import from_dict as rule_from_dict

    code = str(item.get("code", ""))
    if item.get("children") or not code or code in rules:
        raise TemplateError(f"模板文件 {fname} 的{place}（{item['name']}）的评分规则只能设在有编码、"
                            "无下级指标的指标上")
    try:
        rules[code] = rule_from_dict(item["rule"])
    except RuleError as exc:
        raise TemplateError(f"模板文件 {fname} 的{place}（{item['name']}）的评分规则有误："
                            f"{exc}") from exc


def _spec(fname: str, item: Any, where: list[str], rules: dict[str, Rule]) -> IndicatorSpec:
    place = "第" + "-".join(where) + "个指标"
    if not isinstance(item, dict):
        raise TemplateError(f"模板文件 {fname} 的{place}应是一个 JSON 对象")
    if not str(item.get("name", "")).strip():
        raise TemplateError(f"模板文件 {fname} 的{place}缺少名称")
    children = item.get("children", [])
    if not isinstance(children, list):
        raise TemplateError(f"模板文件 {fname} 的{place}（{item['name']}）的 children 应是列表")
    try:
        spec = spec_from_dict({**item, "children": []})
    except (ValueError, KeyError, TypeError) as exc:
        raise TemplateError(f"模板文件 {fname} 的{place}（{item['name']}）无法读取：{exc}") from exc
    if item.get("rule") is not None:
        _rule(fname, place, item, rules)
    spec.children = [_spec(fname, c, [*where, str(n + 1)], rules)
                     for n, c in enumerate(children)]
    return spec


def _bands(fname: str, raw: Any) -> list[tuple[str, Decimal]]:
    if raw in (None, []):
        return []
    try:
        bands = [(str(b["name"]).strip(), to_decimal(b["min"])) for b in raw]
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateError(f"模板文件 {fname} 的评价等级（grade_bands）写法不对：{exc}") from exc
    names = [n for n, _ in bands]
    if (any(not n for n in names) or len(set(names)) != len(names)
            or any(m is None for _, m in bands)):
        raise TemplateError(f"模板文件 {fname} 的评价等级须各有不重复的名称和下限分数")
    return sorted(((n, m) for n, m in bands if m is not None), key=lambda b: b[1], reverse=True)


def check_specs(specs: list[IndicatorSpec]) -> list[str]:
    """Problems of an indicator tree before it is placed: weights, sums, codes ([] when sound)."""
    problems: list[str] = []
    seen: set[str] = set()
    for spec in (s for top in specs for s in top.walk()):
        label = f"{spec.code}{spec.name}"
        if spec.code:
            if spec.code in seen:
                problems.append(f"指标编码 {spec.code} 重复")
            seen.add(spec.code)
        if spec.weight is None or spec.weight < 0:
            problems.append(f"{label} 没有填写分值或分值为负数")
            continue
        if spec.children:
            total = sum((c.weight or Decimal(0) for c in spec.children), Decimal(0))
            if total != spec.weight:
                problems.append(f"{label} 的下级指标分值合计 {plain(total)} 分，"
                                f"与其分值 {plain(spec.weight)} 分不一致")
    top_total = sum((s.weight or Decimal(0) for s in specs), Decimal(0))
    if specs and top_total != HUNDRED:
        problems.append(f"一级指标分值合计 {plain(top_total)} 分，应为 100 分")
    return problems


def new_project(path: str | Path | None, template_id: str = DEFAULT_TEMPLATE,
                info: ProjectInfo | None = None, user: str = "") -> Project:
    """Create a project file (None: in memory) with a template's indicator tree, unscored."""
    template = load_template(template_id)
    base = info or ProjectInfo()
    row = dataclasses.replace(base, template_id=template.id,
                              grade_bands=base.grade_bands or template.bands_json())
    if path is not None:
        projectfile.check_new_target(Path(path))
    project = Project.create(None, row, user=user)   # built in memory, then written in one step
    ops = insert_ops(template.indicators)
    if template.rules:
        from .rules import to_json as rule_json
        for op in ops:
            ind = getattr(op, "row", None)
            if isinstance(ind, Indicator) and ind.code in template.rules:
                ind.method, ind.rule = "rule", rule_json(template.rules[ind.code])
    try:
        project.apply(Edit(f"套用模板“{template.name}”", ops), kind="create")
    except PfdeskError:
        project.close()
        raise
    log.info("new project from template %s at %s", template.id, path or ":memory:")
    return project if path is None else project.publish(path)
