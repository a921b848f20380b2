"""A leader's project file handed out as copies, for the merge tests of the core and the window."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

from pfdesk import commands
from pfdesk.model import Finding
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec


def hand_out(folder: Path) -> dict[str, Path]:
    """组长.sqlite (A: A1 6 points, A2 4 points, one 问题) and the copies 甲 and 乙."""
    lead = folder / "组长.sqlite"
    project = Project.create(lead, user="组长")
    project.apply(commands.add_indicator(project, None, 0, IndicatorSpec(
        "A", "决策", D(10), children=[IndicatorSpec("A1", "立项依据充分性", D(6)),
                                      IndicatorSpec("A2", "绩效目标合理性", D(4))])))
    project.apply(commands.add_row(project, Finding(kind="问题", text="目标不细"), "添加问题"))
    project.close()
    paths = {"lead": lead}
    for name in ("甲", "乙"):
        paths[name] = folder / f"{name}.sqlite"
        shutil.copyfile(lead, paths[name])
    return paths


def edit(path: Path, user: str, build) -> None:  # type: ignore[no-untyped-def]
    """Open a file as ``user``, apply the edit ``build(project)`` returns, close it."""
    with Project.open(path, user=user, backup=False) as project:
        project.apply(build(project))
