"""Screenshots of scores that compute themselves, for the README: a leaf's rule being edited
(20-rule.png), the import of the demo's satisfaction survey (21-survey-import.png) and the AHP
matrix of a parent with four children (22-ahp.png).

On a copy of the demo project: 预算执行率 (B12) switched to 按规则计分 with stepped bands typed in
the bands table; resources/surveys/demo-survey.csv read into 导入满意度调查; 产出 (C, four
children) compared pairwise in 层次分析法. Runs offscreen at 1366×768.
Usage: QT_QPA_PLATFORM=offscreen python scripts/rules_shot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import (  # noqa: E402
    _over,
    close_window,
    demo_copy_window,
    grab,
    settle,
)

log = logging.getLogger("rules_shot")
BANDS = (("0", "80", "0"), ("80", "90", "60"), ("90", "95", "80"), ("95", "", "100"))
AHP = {(0, 1): "1", (0, 2): "2", (0, 3): "3", (1, 2): "2", (1, 3): "2", (2, 3): "1"}


def _page_with(window: object, code: str) -> tuple[object, str]:
    """The indicator page holding ``code``, shown, and that indicator's id."""
    project = window.project  # type: ignore[attr-defined]
    ind = next(i for i in project.indicators().values() if i.code == code)
    root = ind
    while root.parent_id is not None:
        root = project.indicator(root.parent_id)
    window.workspace.show_page("ind:" + root.id)  # type: ignore[attr-defined]
    page = next(p for p in window.workspace.indicator_pages()  # type: ignore[attr-defined]
                if p.root_id == root.id)
    page.select_indicator(ind.id)
    return page, ind.id


def rule_shot(window: object, app: object, path: Path) -> None:
    """B12 预算执行率 scored by stepped bands, the bands typed in, the preview under them."""
    page, _id = _page_with(window, "B12")
    editor = page.details.rule_editor  # type: ignore[attr-defined]
    editor.method.setCurrentIndex(1)
    editor._method_chosen(1)
    editor.kind.setCurrentIndex(1)
    editor._kind_chosen(1)
    model = editor.bands.model
    while model.rowCount() < len(BANDS):
        model.add_band()
    while model.rowCount() > len(BANDS):
        model.remove_band(model.rowCount() - 1)
    for row, values in enumerate(BANDS):
        for col, value in enumerate(values):
            model.setData(model.index(row, col), value)
    editor.apply()
    settle(app)
    page.details.verticalScrollBar().setValue(editor.y() - 4)  # type: ignore[attr-defined]
    settle(app)
    grab(window, app, path)


def survey_shot(window: object, app: object, path: Path) -> None:
    """导入满意度调查 with the demo survey read."""
    from pfdesk.resources import resource
    from ui.survey_dialog import SurveyImportDialog

    dialog = SurveyImportDialog(window.session, window)  # type: ignore[attr-defined]
    dialog.resize(1020, 620)
    dialog.load(resource("surveys", "demo-survey.csv"))
    dialog.name.setText("12345热线服务满意度调查")
    dialog.show()
    _over(window, dialog, app, path)
    dialog.close()


def ahp_shot(window: object, app: object, path: Path) -> None:
    """层次分析法 for 产出 (C), its four children compared."""
    from ui.ahp_dialog import AhpDialog

    _page, parent_id = _page_with(window, "C")
    dialog = AhpDialog(window.session, parent_id, window)  # type: ignore[attr-defined]
    dialog.resize(1000, 400)
    for (i, j), value in AHP.items():
        dialog.matrix.setData(dialog.matrix.index(i, j), value)
    dialog.show()
    _over(window, dialog, app, path)
    dialog.close()


def main(argv: list[str] | None = None) -> int:
    """Open a copy of the demo project and write the three screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    opened = demo_copy_window("pfdesk-rules-shot-")
    if opened is None:
        return 1
    _work, app, window = opened
    args.out.mkdir(parents=True, exist_ok=True)
    rule_shot(window, app, args.out / "20-rule.png")
    survey_shot(window, app, args.out / "21-survey-import.png")
    ahp_shot(window, app, args.out / "22-ahp.png")
    close_window(window, app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
