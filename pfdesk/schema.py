"""The project file's schema: identity numbers, the ordered migrations, and the expected schema.

A new file is made by running every migration from an empty database, so a new file and an
upgraded one have the same schema text; ``expected_schema(v)`` builds that text in memory for
comparing against a file from outside.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x70666473  # "pfds"
SCHEMA_VERSION = 7

_COMMON = ("id TEXT PRIMARY KEY NOT NULL, modified_at TEXT NOT NULL DEFAULT '', "
           "modified_by TEXT NOT NULL DEFAULT ''")

_V1 = f"""
CREATE TABLE project ({_COMMON},
  name TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '', department TEXT NOT NULL DEFAULT '',
  commissioner TEXT NOT NULL DEFAULT '', evaluator_org TEXT NOT NULL DEFAULT '',
  eval_type TEXT NOT NULL DEFAULT '事后', eval_object TEXT NOT NULL DEFAULT '项目',
  eval_mode TEXT NOT NULL DEFAULT '财政评价', eval_year TEXT NOT NULL DEFAULT '',
  eval_period TEXT NOT NULL DEFAULT '', report_date TEXT NOT NULL DEFAULT '',
  doc_number TEXT NOT NULL DEFAULT '', project_kind TEXT NOT NULL DEFAULT '经常性',
  manager TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
  overall_goal TEXT NOT NULL DEFAULT '', annual_goal TEXT NOT NULL DEFAULT '',
  budget TEXT, adjusted_budget TEXT, received TEXT, spent TEXT,
  grade_bands TEXT NOT NULL DEFAULT '', template_id TEXT NOT NULL DEFAULT '');
CREATE TABLE funding_source ({_COMMON}, position INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '其他', budget TEXT, received TEXT, spent TEXT);
CREATE TABLE funding_item ({_COMMON}, position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '', contractor TEXT NOT NULL DEFAULT '', total_budget TEXT,
  bid_price TEXT, audited_price TEXT, paid_total TEXT, paid_this_year TEXT,
  remark TEXT NOT NULL DEFAULT '');
CREATE TABLE target ({_COMMON}, position INTEGER NOT NULL DEFAULT 0,
  level1 TEXT NOT NULL DEFAULT '', level2 TEXT NOT NULL DEFAULT '', level3 TEXT NOT NULL DEFAULT '',
  target_text TEXT NOT NULL DEFAULT '', comparator TEXT NOT NULL DEFAULT '定性', number TEXT,
  unit TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', actual_value TEXT NOT NULL DEFAULT '',
  deviation_reason TEXT NOT NULL DEFAULT '', std_excellent TEXT NOT NULL DEFAULT '',
  std_good TEXT NOT NULL DEFAULT '', std_fair TEXT NOT NULL DEFAULT '', std_poor TEXT NOT NULL DEFAULT '');
CREATE TABLE indicator ({_COMMON},
  parent_id TEXT REFERENCES indicator(id), position INTEGER NOT NULL DEFAULT 0,
  code TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '', weight TEXT,
  explanation TEXT NOT NULL DEFAULT '', criteria TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL DEFAULT 'manual', score TEXT, target_value TEXT NOT NULL DEFAULT '',
  actual_value TEXT NOT NULL DEFAULT '', analysis TEXT NOT NULL DEFAULT '',
  not_applicable INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT '未评');
CREATE INDEX indicator_parent ON indicator(parent_id);
CREATE TABLE deduction ({_COMMON},
  indicator_id TEXT NOT NULL REFERENCES indicator(id), position INTEGER NOT NULL DEFAULT 0,
  points TEXT, reason TEXT NOT NULL DEFAULT '');
CREATE INDEX deduction_indicator ON deduction(indicator_id);
CREATE TABLE evaluator ({_COMMON}, position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', org TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '', total TEXT);
CREATE TABLE finding ({_COMMON}, position INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT '问题', text TEXT NOT NULL DEFAULT '', cause TEXT NOT NULL DEFAULT '',
  problem_id TEXT REFERENCES finding(id));
CREATE TABLE finding_indicator ({_COMMON},
  finding_id TEXT NOT NULL REFERENCES finding(id), indicator_id TEXT NOT NULL REFERENCES indicator(id));
CREATE TABLE narrative ({_COMMON}, key TEXT NOT NULL UNIQUE, text TEXT NOT NULL DEFAULT '');
"""

# Version 2: indicators record where their data came from, deductions the evidence behind them.
_V2 = """
ALTER TABLE indicator ADD COLUMN data_source TEXT NOT NULL DEFAULT '';
ALTER TABLE deduction ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
"""

_ORDERED = ("funding_source", "funding_item", "target", "indicator", "deduction", "evaluator",
            "finding")

# Version 3: every change on record. Ordering keys replace position numbers (inserting a row no
# longer renumbers its siblings; see ``order``); sign-off (编制 / 复核) gets who and when, and a
# flag for changes after the review; the change log, its rows and the tombstones of deleted rows
# (see ``changelog``); merging copies (see ``merge``): the fields two people gave different values
# (``conflict``) and the copies' log entries already merged (``merged_entry``); expert panels
# (each evaluator's own score of a leaf, ``evaluator_score``, aggregated by ``panel_method``);
# evidence files kept inside the file once per content hash (``evidence``, ``evidence_blob``).
# Status keeps
# 未评 / 已评; 已复核 moves into the sign-off columns.
_V3 = "".join(f"""
ALTER TABLE {table} ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
UPDATE {table} SET sort_key = printf('%010dV', max(position, 0));
ALTER TABLE {table} DROP COLUMN position;
""" for table in _ORDERED) + """
ALTER TABLE indicator ADD COLUMN prepared_by TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN prepared_at TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN reviewed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN changed_after_review INTEGER NOT NULL DEFAULT 0;
UPDATE indicator SET
  prepared_by = CASE WHEN modified_by <> '' THEN modified_by ELSE '升级前复核' END,
  reviewed_by = CASE WHEN modified_by <> '' THEN modified_by ELSE '升级前复核' END,
  prepared_at = modified_at, reviewed_at = modified_at, status = '已评'
  WHERE status = '已复核';
ALTER TABLE project ADD COLUMN allow_self_review INTEGER NOT NULL DEFAULT 0;
CREATE TABLE change_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL, user TEXT NOT NULL, device TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'edit', reverts TEXT, label TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '');
CREATE TABLE change_row (entry INTEGER NOT NULL, n INTEGER NOT NULL,
  tbl TEXT NOT NULL, row_id TEXT NOT NULL, indicator_id TEXT, code TEXT NOT NULL DEFAULT '',
  op TEXT NOT NULL, before TEXT, after TEXT, PRIMARY KEY (entry, n)) WITHOUT ROWID;
CREATE INDEX change_row_indicator ON change_row(indicator_id);
CREATE INDEX change_row_row ON change_row(tbl, row_id);
CREATE TABLE conflict (""" + _COMMON + """, tbl TEXT NOT NULL DEFAULT '', row_id TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '', code TEXT NOT NULL DEFAULT '', choices TEXT NOT NULL DEFAULT '[]',
  resolved INTEGER NOT NULL DEFAULT 0);
CREATE TABLE merged_entry (""" + _COMMON + """, source TEXT NOT NULL DEFAULT '',
  merge_id TEXT NOT NULL DEFAULT '');
CREATE TABLE evaluator_score (""" + _COMMON + """,
  indicator_id TEXT NOT NULL REFERENCES indicator(id),
  evaluator_id TEXT NOT NULL REFERENCES evaluator(id), score TEXT);
CREATE INDEX evaluator_score_indicator ON evaluator_score(indicator_id);
ALTER TABLE project ADD COLUMN panel_method TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN spread_limit TEXT;
CREATE TABLE evidence (""" + _COMMON + """, sort_key TEXT NOT NULL DEFAULT '',
  indicator_id TEXT REFERENCES indicator(id), deduction_id TEXT REFERENCES deduction(id),
  name TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '');
CREATE INDEX evidence_indicator ON evidence(indicator_id);
CREATE TABLE evidence_blob (hash TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE tombstone (tbl TEXT NOT NULL, row_id TEXT NOT NULL, deleted_at TEXT NOT NULL,
  deleted_by TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID;
INSERT INTO change_log (id, time, user, device, kind, label, summary)
  SELECT lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'pfdesk', '',
         'upgrade', '升级文件格式', '文件升级为第 3 版格式；此前的修改没有逐条记录'
  WHERE EXISTS (SELECT 1 FROM project);
"""

# Version 4: nothing derived is stored. The score of a leaf scored by deductions is the engine's
# (weight less the deductions), so the stored copy is dropped, the leaf keeping 已评; an
# evaluator's total is the engine's too (see ``panel.evaluator_totals``; totals typed before are
# kept in the words of the upgrade's log entry). The project chooses
# how scores are written (88.5 or 88.50, ``number_style``; see ``numbers.Numbers``).
_V4 = """
INSERT INTO change_log (id, time, user, device, kind, label, summary)
  SELECT lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'pfdesk', '',
         'upgrade', '升级文件格式',
         '文件升级为第 4 版格式：按扣分计分的得分和评价人员的总分改由程序计算，不再存储'
         || coalesce('。升级前填写的评价人员总分：' || (SELECT group_concat(
              CASE WHEN name <> '' THEN name ELSE '（未填姓名）' END || ' ' || total, '、')
            FROM evaluator WHERE total IS NOT NULL AND total <> ''), '')
  WHERE EXISTS (SELECT 1 FROM project);
UPDATE indicator SET status = '已评' WHERE method = 'deduction' AND score IS NOT NULL;
UPDATE indicator SET score = NULL WHERE method = 'deduction';
ALTER TABLE evaluator DROP COLUMN total;
ALTER TABLE project ADD COLUMN number_style TEXT NOT NULL DEFAULT 'plain';
"""

# Version 5: the report outline a firm chose or edited for this project (which sections, their
# headings and order, the title pattern and the preface; JSON by layout, '' for the defaults;
# see ``pfdesk.reports.outline``).
_V5 = """
ALTER TABLE project ADD COLUMN outline TEXT NOT NULL DEFAULT '';
"""

# Version 6: the cover and form facts of the 附件1 set and the funding sentence: the unit's postcode
# (邮编), who organised the evaluation (组织方式) and what kind of body evaluated (评价机构类型),
# when the report was submitted (上报时间) and the date the funding figures run to (资金截止日期;
# '' reads as 31 December of the evaluation year). Dates are ISO text like ``report_date``.
_V6 = """
ALTER TABLE project ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN org_method TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN evaluator_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN submitted_at TEXT NOT NULL DEFAULT '';
ALTER TABLE project ADD COLUMN funding_cutoff TEXT NOT NULL DEFAULT '';
"""

# Version 7: scores that compute themselves. A leaf may be scored by a rule (method 'rule';
# ``indicator.rule`` is the rule as ``rules.to_json`` writes it, '' for none; the score is the
# engine's, never stored); a parent may keep the AHP comparison of its children
# (``indicator.ahp``: ``ahp.weighting_to_json``, the matrix with the children's ids in order and
# the step the points were rounded to; '' for none). Satisfaction surveys are kept counted
# (``survey.summary``: ``survey.to_json``, the option map and the counts only; rates are
# recomputed), under the name rules refer to. A JSON value that cannot be read does not stop the
# file from opening: the engine names the leaf (or survey) as a scoring problem.
_V7 = f"""
ALTER TABLE indicator ADD COLUMN rule TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN ahp TEXT NOT NULL DEFAULT '';
CREATE TABLE survey ({_COMMON}, sort_key TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '', source_name TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '');
"""

# MIGRATIONS[i] upgrades a file from version i to version i + 1 (0 is an empty database).
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7]
assert len(MIGRATIONS) == SCHEMA_VERSION


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, from_version: int,
            to_version: int = SCHEMA_VERSION,
            progress: Callable[[int], None] | None = None) -> None:
    """Run the migrations from ``from_version`` up; the caller holds the transaction."""
    for version in range(from_version, to_version):
        _run_script(conn, MIGRATIONS[version])
        if progress:
            progress(version + 1)
    conn.execute(f"PRAGMA user_version = {to_version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _normalise(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def read_schema(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """The schema objects of a database as comparable tuples."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(t, n, tb, _normalise(s)) for t, n, tb, s in rows}


_expected: dict[int, set[tuple[str, str, str, str]]] = {}


def expected_schema(version: int) -> set[tuple[str, str, str, str]]:
    """The schema pfdesk creates for ``version`` (built once in memory, then cached)."""
    if version not in _expected:
        conn = sqlite3.connect(":memory:")
        try:
            migrate(conn, 0, version)
            _expected[version] = read_schema(conn)
        finally:
            conn.close()
    return _expected[version]
