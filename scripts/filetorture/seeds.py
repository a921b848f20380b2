"""Valid seed files the mutations start from, built once per campaign through the core itself."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .common import REPO

# Kept sample files of earlier versions, by seed name: each seeds a raw and an upgraded copy.
OLD_SAMPLES = {f"v{n}": REPO / "tests" / "pfdesk" / "data" / f"project_v{n}.sqlite"
               for n in (1, 2)}
MANIFEST = "seeds.json"


@dataclass
class Seeds:
    """Paths of the seed files: project files by name, a dump, a score sheet."""

    folder: Path
    projects: dict[str, str]
    dump: str
    sheet: str

    def project(self, name: str) -> Path:
        return self.folder / self.projects[name]

    @property
    def dump_path(self) -> Path:
        return self.folder / self.dump

    @property
    def sheet_path(self) -> Path | None:
        return self.folder / self.sheet if self.sheet else None


def build_seeds(folder: Path) -> Seeds:
    """Write the seeds into ``folder`` (emptied first) and return them."""
    from pfdesk import dump as dumping
    from pfdesk.demo import build_demo
    from pfdesk.model import ProjectInfo
    from pfdesk.project import Project
    from pfdesk.templates import DEFAULT_TEMPLATE, list_templates, new_project

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    projects: dict[str, str] = {}
    build_demo(folder / "demo.sqlite").close()
    projects["demo"] = "demo.sqlite"
    new_project(folder / "template.sqlite", DEFAULT_TEMPLATE, ProjectInfo(name="新建项目")).close()
    projects["template"] = "template.sqlite"
    others = [t.id for t in list_templates() if t.id != DEFAULT_TEMPLATE]
    if others:
        new_project(folder / "template2.sqlite", others[0], ProjectInfo(name="另一模板")).close()
        projects["template2"] = "template2.sqlite"
    for name, sample in OLD_SAMPLES.items():
        if sample.exists():
            shutil.copyfile(sample, folder / f"{name}.sqlite")
            projects[name] = f"{name}.sqlite"
            shutil.copyfile(sample, folder / f"{name}_migrated.sqlite")
            Project.open(folder / f"{name}_migrated.sqlite").close()
            projects[f"{name}_migrated"] = f"{name}_migrated.sqlite"
    with Project.open(folder / "demo.sqlite", readonly=True) as project:
        (folder / "demo.json").write_text(dumping.dumps(project), encoding="utf-8")
    sheet = ""
    try:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from tests.pfdesk.importer.sheets import write_seed004_sheet

        write_seed004_sheet(folder / "seed004.xlsx")
        sheet = "seed004.xlsx"
    except ImportError:
        sheet = ""
    for leftover in folder.glob("*-journal"):
        leftover.unlink()
    seeds = Seeds(folder, projects, "demo.json", sheet)
    (folder / MANIFEST).write_text(json.dumps(
        {"projects": projects, "dump": seeds.dump, "sheet": sheet}, ensure_ascii=False))
    return seeds


def load_seeds(folder: Path) -> Seeds:
    """The seeds a parent process built in ``folder``."""
    data = json.loads((folder / MANIFEST).read_text())
    return Seeds(folder, data["projects"], data["dump"], data["sheet"])
