"""Score sheets written with openpyxl the way firms keep them, for the import tests and the UI tests.

``write_seed004_sheet`` writes seed 004's 指标评分表 (上城区基层治理综合信息指挥中心建设项目):
title row, header 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分 | 扣分原因, level-1 and
level-2 cells and their weights merged over their rows, codes glued to names, a 合计 row. The
codes, names, weights, scores and reasons are transcribed from the seed's report text
(section 四); by hand: 决策 17/20, 过程 23.5/29, 产出 24/24, 效益 24/27, total 88.5 → 良.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

SEED004_TITLE = "2020年度上城区基层治理综合信息指挥中心建设项目绩效评价指标评分表"
SEED004_SHEET = "指标评分表"

# (level-1, weight, [(level-2, [(level-3, weight, score, reason)])])
SEED004_ROWS = [
    ("A.决策", 20, [
        ("A1项目立项", [("A11立项依据充分性", 5, 5, ""), ("A12立项程序规范性", 3, 3, "")]),
        ("A2绩效目标", [("A21绩效目标合理性", 4, 3, "年度绩效目标与2020年实际工作内容不符"),
                     ("A22绩效指标明确性", 4, 2, "未设置预期效益目标，满意度指标未设定具体目标值")]),
        ("A3资金投入", [("A31预算编制科学性", 2, 2, ""), ("A32资金分配合理性", 2, 2, "")]),
    ]),
    ("B.过程", 29, [
        ("B1组织实施", [("B11管理制度健全性", 3, 2, "未根据项目具体情况制定组织管理办法"),
                     ("B12制度执行有效性", 4, 2, "功能性测试报告缺少主办单位签章，工期延期120天"),
                     ("B13采购程序合规性", 2, 2, ""), ("B14运转程序规范性", 2, 2, ""),
                     ("B15绩效自评合理性", 2, 0.5, "自评内容未涉及绩效指标与标准，缺少佐证依据")]),
        ("B2资金管理", [("B21财务制度健全性", 2, 2, ""), ("B22资金使用合规性", 5, 5, ""),
                     ("B23财务监控有效性", 2, 2, ""), ("B24资金到位率", 2, 2, ""),
                     ("B25资金支付及时性", 2, 1, "设计费尾款支付晚于合同约定"),
                     ("B26预算执行率", 3, 3, "")]),
    ]),
    ("C.产出", 24, [
        ("C1数量指标", [("C11指挥中心建设面积", 3, 3, ""), ("C12大屏建设面积", 3, 3, ""),
                     ("C13建成系统数", 3, 3, "")]),
        ("C2质量指标", [("C21验收合格率", 3, 3, ""), ("C22技术规格相符率", 2, 2, ""),
                     ("C23设计方案相符率", 2, 2, ""), ("C24成本节约率", 2, 2, "")]),
        ("C3时效指标", [("C31项目完成及时性", 3, 3, ""), ("C32问题整改及时率", 3, 3, "")]),
    ]),
    ("D.效益", 27, [
        ("D1社会效益", [("D11原平台迁移完成率", 2, 2, ""), ("D12视频会议系统正常运行率", 3, 3, ""),
                     ("D13可视化软件正常运行率", 3, 3, ""), ("D14业务网络接入率", 3, 3, ""),
                     ("D15数据接入率", 3, 3, ""),
                     ("D16应急联动能力提升情况", 4, 3, "效益目标缺乏可量化的数据支撑")]),
        ("D2项目可持续影响", [("D21责任移交制度健全性", 3, 3, ""),
                        ("D22长效机制建立健全性", 3, 1, "未制定长效管理机制，未建立考评制度")]),
        ("D3满意度", [("D31服务对象满意度", 3, 3, "")]),
    ]),
]
SEED004_HEADER = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分", "扣分原因"]


def write_seed004_sheet(path: str | Path) -> Path:
    """Write seed 004's indicator score sheet to ``path`` (an .xlsx) and return the path."""
    path = Path(path)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SEED004_SHEET
    ws.append([SEED004_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SEED004_HEADER))
    ws.append(SEED004_HEADER)
    row = 3
    for name1, weight1, level2 in SEED004_ROWS:
        top1 = row
        for name2, leaves in level2:
            top2 = row
            for name3, weight3, score, reason in leaves:
                ws.cell(row, 5, name3)
                ws.cell(row, 6, weight3)
                ws.cell(row, 7, score)
                ws.cell(row, 8, reason or None)
                row += 1
            ws.cell(top2, 3, name2)
            ws.cell(top2, 4, sum(leaf[1] for leaf in leaves))
            _merge_down(ws, top2, row - 1, (3, 4))
        ws.cell(top1, 1, name1)
        ws.cell(top1, 2, weight1)
        _merge_down(ws, top1, row - 1, (1, 2))
    ws.cell(row, 1, "合计")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    ws.cell(row, 6, 100)
    ws.cell(row, 7, 88.5)
    book.save(path)
    return path


def _merge_down(ws, top: int, bottom: int, cols: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    if bottom > top:
        for col in cols:
            ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)


def write_rows(path: str | Path, rows: list[list[object]], title: str = "评分表",
               merges: list[str] | None = None) -> Path:
    """Write ``rows`` (lists of cell values, row 1 first) to a one-sheet .xlsx with merges."""
    path = Path(path)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for values in rows:
        ws.append(values)
    for ref in merges or []:
        ws.merge_cells(ref)
    book.save(path)
    return path
