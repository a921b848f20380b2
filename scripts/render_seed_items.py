"""Render the pages that show the seeds' items in the full, brief and information-sheet layouts.

    python scripts/render_seed_items.py OUT_DIR [--res 60] [--docs]

The demo project, with its first suggestion given sub-points the way a user types them (a title
line, then one line per point), exported in the full, brief and 结果信息表 layouts; and a sparse
project (name, unit, year and funds only) in the full layout, whose targets table is the header
block alone. Converted with LibreOffice and poppler as ``render_reports`` does, with the same
font mapping. ``--docs`` copies the page of each item to docs/reports/<name>.png:

- ``full-cover``: the full report's cover, 评价方式 and 评价机构 ticked in seed 004's words;
- ``brief-funding``: the brief's 项目概况 with the cut-off date (seed 000);
- ``funding-table``: the full report's funding table with the year (seed 004);
- ``targets-table``: the 绩效目标表 with its header block and 指标值说明;
- ``targets-header-only``: the sparse project's targets table;
- ``suggestions``: findings with bold titles running into their text, suggestions with
  sub-points (seed 004);
- ``infosheet``: the 结果信息表 (seed 003).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pfdesk import commands  # noqa: E402
from pfdesk.demo import build_demo  # noqa: E402
from pfdesk.model import ProjectInfo  # noqa: E402
from pfdesk.project import Project  # noqa: E402
from pfdesk.reports.export import export  # noqa: E402
from scripts.render_outlines import body_page  # noqa: E402
from scripts.render_reports import font_env, render  # noqa: E402

SUB_POINTS = ("提高绩效目标编制质量\n"
              "1.业务科室牵头编制绩效目标。建议由业务科室牵头、财务科室配合，将服务合同中的坐席规模、"
              "接通率、质检合格率、服务费用等要求转化为年度绩效指标。\n"
              "2.补齐应设指标。补充产出成本和生态效益类指标，对可持续影响等定性指标设定可以判断的标准，"
              "使绩效目标与当年工作内容一一对应。")
# document -> [(docs name, marker of the page kept)]
PAGES = {
    "demo-brief": [("brief-funding", "截至")],
    "demo-full": [("full-cover", "评价方式"), ("funding-table", "支付金额"), ("targets-table", "指标值说明"),
                  ("suggestions", "业务科室牵头编制绩效目标")],
    "demo-infosheet": [("infosheet", "绩效评价结果信息表")],
    "sparse-full": [("targets-header-only", "指标值说明")],
}


def _demo(folder: Path) -> Path:
    path = folder / "demo.pfdesk"
    project = build_demo(path)
    first = project.findings("建议")[0]
    project.apply(commands.set_fields(project, "finding", first.id, "修改", text=SUB_POINTS))
    project.close()
    return path


def _sparse(folder: Path) -> Path:
    path = folder / "sparse.pfdesk"
    project = Project.create(path, ProjectInfo(name="社区养老服务补贴项目", unit="某区民政局",
                                               department="某区民政局", eval_year="2023"))
    project.apply(commands.set_info(project, budget="50", received="50", spent="45"))
    project.close()
    return path


def main(argv: list[str] | None = None) -> int:
    """Export, convert, and keep the chosen pages."""
    parser = argparse.ArgumentParser(description="渲染体现样本报告各项要求的页面")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--res", type=int, default=60, help="PNG 分辨率（dpi）")
    parser.add_argument("--docs", action="store_true", help="把各项的页面复制到 docs/reports/")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        projects = {"demo": _demo(Path(tmp)), "sparse": _sparse(Path(tmp))}
        env = font_env(Path(tmp))
        for name, wanted in PAGES.items():
            which, layout = name.split("-")
            out = args.out_dir / f"{name}.docx"
            export([projects[which]], layout, out)
            pages = render(out, args.out_dir, args.res, env)
            print(f"{name}: {out.name}, {len(pages)} 页")
            if not (args.docs and pages):
                continue
            for doc_name, marker in wanted:
                index = body_page(args.out_dir / f"{name}.pdf", marker, len(pages))
                target = ROOT / "docs" / "reports" / f"{doc_name}.png"
                shutil.copyfile(pages[index], target)
                print(f"  第 {index + 1} 页 → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
