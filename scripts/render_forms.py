"""Render the demo's 附件1 set (scoresheet) and 附件2 letter and form (feedback) for review.

    python scripts/render_forms.py OUT_DIR [--res 60] [--docs]

The demo with the cover facts of the 附件1 set filled where it leaves them empty (邮编, 组织方式
财政部门, 评价机构类型 中介机构, 上报时间), exported in the two layouts, converted with LibreOffice and
poppler as ``render_reports`` does (same font mapping). ``--docs`` copies the first page of each
(the 附件1 cover, the 附件2-1 letter) to docs/reports/scoresheet-appendix1.png and
feedback-appendix2.png, and the scoresheet's 附件1-4 page (each dimension's grade) to
scoresheet-appendix1-4.png.
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
from pfdesk.reports.export import export  # noqa: E402
from scripts.render_reports import font_env, marker_page, render  # noqa: E402

FACTS = {"postcode": "461000", "org_method": "财政部门", "evaluator_kind": "中介机构",
         "submitted_at": "2025-05-06"}
RENDERS = {"scoresheet": "scoresheet-appendix1", "feedback": "feedback-appendix2"}
# further pages kept: layout -> (marker on the page, file name)
MORE = {"scoresheet": ("附件1-4", "scoresheet-appendix1-4")}


def demo_with_facts(folder: Path) -> Path:
    """The demo project, its empty cover facts filled."""
    path = folder / "demo.pfdesk"
    project = build_demo(path)
    missing = {k: v for k, v in FACTS.items() if not getattr(project.info, k)}
    if missing:
        project.apply(commands.set_info(project, **missing))
    project.close()
    return path


def main(argv: list[str] | None = None) -> int:
    """Export, convert and list the pages."""
    parser = argparse.ArgumentParser(description="把演示项目的附件1评分表和附件2反馈书渲染为 PDF 和 PNG")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--res", type=int, default=60, help="PNG 分辨率（dpi）")
    parser.add_argument("--docs", action="store_true", help="每份的第一页复制到 docs/reports/")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = demo_with_facts(Path(tmp))
        env = font_env(Path(tmp))
        for layout, name in RENDERS.items():
            out = args.out_dir / f"{name}.docx"
            export([source], layout, out)
            pages = render(out, args.out_dir, args.res, env)
            print(f"{name}: {out.name}, {len(pages)} 页")
            if args.docs and pages:
                target = ROOT / "docs" / "reports" / f"{name}.png"
                shutil.copyfile(pages[0], target)
                print(f"  第 1 页 → {target.relative_to(ROOT)}")
                if layout in MORE:
                    marker, more = MORE[layout]
                    index = marker_page(args.out_dir / f"{name}.pdf", marker, len(pages))
                    target = ROOT / "docs" / "reports" / f"{more}.png"
                    shutil.copyfile(pages[index], target)
                    print(f"  第 {index + 1} 页 → {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
