"""Edits that can be checked afterwards, made through ``pfdesk.commands`` like the window makes them.

``kill_edit(project, seq)`` is deterministic in ``seq`` and the project's state, and every edit
also writes ``seq <n>`` into the narrative ``other`` in the same transaction: the file then says
which edit was the last one stored, and replaying edits from a known state must give the file's
content exactly.

``writer_edit(project, wid, writers, seq)`` sets scores and narratives only on rows owned by
writer ``wid`` and adds or removes only its own deductions and findings, so that the expected
final content follows from each writer's log alone. The leaves its deductions go to are shared
by all writers: each deduction edit also stores the leaf's score computed from the deductions
the writer knows, so an edit made from a stale view shows as a score that no longer matches the
leaf's deductions.
"""

from __future__ import annotations

import dataclasses
import inspect
import random
from decimal import Decimal
from typing import Any

from pfdesk import commands as cmd
from pfdesk.edits import Edit, Insert
from pfdesk.model import NARRATIVE_KEYS, Deduction, Finding, Indicator
from pfdesk.project import Project

MARKER_KEY = "other"
OWN_KEYS = [k for k in NARRATIVE_KEYS if k != MARKER_KEY]


def open_project(path: Any, *, readonly: bool = False, user: str = "",
                 lock: bool = True) -> Project:
    """``Project.open``, passing ``lock`` only when the core offers it."""
    if not lock and lock_bypass_available():
        return Project.open(path, readonly=readonly, user=user, lock=False)
    return Project.open(path, readonly=readonly, user=user)


def lock_bypass_available() -> bool:
    """Whether ``Project.open`` takes ``lock=False`` (skip the lock file, keep SQLite's locks)."""
    return "lock" in inspect.signature(Project.open).parameters


def leaves(project: Project) -> list[Indicator]:
    """Scorable leaves in a stable order."""
    found = [i for i in project.indicators().values() if not project.children(i.id)
             and i.id and not i.not_applicable]
    return sorted(found, key=lambda i: (i.code, i.id))


def score_value(ind: Indicator, seq: int) -> str:
    weight = ind.weight or Decimal(0)
    cents = int(weight * 100)
    return str(Decimal(seq % (cents + 1)) / 100) if cents else "0"


def _fixed_ids(edit: Edit, prefix: str) -> Edit:
    """Give the rows an edit inserts ids that a replay reproduces."""
    ops = []
    n = 0
    for op in edit.ops:
        if isinstance(op, Insert) and isinstance(op.row, (Deduction, Finding)):
            n += 1
            ops.append(Insert(dataclasses.replace(op.row, id=f"{prefix}-{n}")))
        else:
            ops.append(op)
    return Edit(edit.label, ops)


def marker(project: Project) -> int | None:
    """The sequence number of the last kill-test edit stored in the project."""
    text = project.narrative(MARKER_KEY)
    if text.startswith("seq "):
        try:
            return int(text.split()[1])
        except (IndexError, ValueError):
            return None
    return None


def kill_edit(project: Project, seq: int) -> Edit:
    """Edit number ``seq`` of the kill test (with the marker, in one transaction)."""
    rng = random.Random(seq)
    scorable = leaves(project)
    action = rng.choice(["narrative", "narrative", "score", "score", "deduction", "deduction",
                         "remove deduction", "big narrative", "several"])
    main: Edit
    if action == "score" and scorable:
        leaf = rng.choice(scorable)
        main = cmd.set_score(project, leaf.id, score_value(leaf, seq))
    elif action in ("deduction", "several") and scorable:
        leaf = rng.choice(scorable)
        main = _fixed_ids(cmd.add_deduction(project, leaf.id, "0.1", f"第 {seq} 次扣分"), f"k{seq}")
        if action == "several":
            others = [cmd.set_score(project, other.id, score_value(other, seq + i))
                      for i, other in enumerate(rng.sample(scorable, min(5, len(scorable))))
                      if other.id != leaf.id]
            main = Edit(main.label, main.ops + [op for e in others for op in e.ops])
    elif action == "remove deduction":
        ours = sorted((d for d in project.rows(Deduction) if d.id.startswith("k")),
                      key=lambda d: d.id)
        if ours:
            main = cmd.remove_deduction(project, rng.choice(ours).id)
        else:
            main = cmd.set_narrative(project, rng.choice(OWN_KEYS), f"第 {seq} 次修改")
    elif action == "big narrative":
        main = cmd.set_narrative(project, rng.choice(OWN_KEYS),
                                 f"第 {seq} 次修改" + "长文" * rng.choice([20_000, 100_000]))
    else:
        main = cmd.set_narrative(project, rng.choice(OWN_KEYS),
                                 f"第 {seq} 次修改" + "字" * rng.randrange(2000))
    mark = cmd.set_narrative(project, MARKER_KEY, f"seq {seq}")
    return Edit(f"#{seq} {main.label}", main.ops + mark.ops)


# ----- several writers -----

SHARED_LEAVES = 3


@dataclasses.dataclass
class Owned:
    """What writer ``wid`` may touch: its score leaves and narrative; the shared leaves."""

    score_leaves: list[Indicator]
    deduction_leaves: list[Indicator]
    key: str


def shared_leaves(project: Project) -> list[Indicator]:
    """The leaves every writer adds deductions to."""
    return leaves(project)[1::2][:SHARED_LEAVES]


def owned(project: Project, wid: int, writers: int) -> Owned:
    shared = {leaf.id for leaf in shared_leaves(project)}
    rest = [leaf for leaf in leaves(project) if leaf.id not in shared]
    mine = [leaf for i, leaf in enumerate(rest) if i % writers == wid]
    keys = [k for i, k in enumerate(OWN_KEYS) if i % writers == wid]
    return Owned(mine or rest, shared_leaves(project), keys[0] if keys else OWN_KEYS[0])


def writer_edit(project: Project, wid: int, writers: int, seq: int,
                rng: random.Random) -> tuple[Edit, dict[str, Any]]:
    """An edit of writer ``wid`` and what it claims (for the log of edits reported saved)."""
    mine = owned(project, wid, writers)
    action = rng.choice(["score", "narrative", "deduction", "deduction", "remove deduction",
                         "finding"])
    tag = f"w{wid}-{seq}"
    if action == "score" and mine.score_leaves:
        leaf = rng.choice(mine.score_leaves)
        value = score_value(leaf, seq)
        edit = cmd.set_score(project, leaf.id, value)
        return edit, {"kind": "score", "id": leaf.id, "value": str(Decimal(value))}
    if action == "remove deduction":
        ours = sorted(d.id for d in project.rows(Deduction) if d.id.startswith(f"w{wid}-"))
        if ours:
            victim = rng.choice(ours)
            return cmd.remove_deduction(project, victim), {"kind": "removed", "id": victim}
    if action in ("deduction", "remove deduction") and mine.deduction_leaves:
        leaf = rng.choice(mine.deduction_leaves)
        edit = _fixed_ids(cmd.add_deduction(project, leaf.id, "0.01", tag), tag)
        return edit, {"kind": "deduction", "id": f"{tag}-1"}
    if action == "finding":
        row = Finding(id=f"{tag}-f", kind="问题", text=f"写入者 {wid} 第 {seq} 条")
        return cmd.add_row(project, row, "添加问题"), {"kind": "finding", "id": row.id}
    text = f"写入者 {wid} 第 {seq} 次"
    return cmd.set_narrative(project, mine.key, text), {"kind": "narrative", "key": mine.key,
                                                        "value": text}
