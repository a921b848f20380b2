"""Torture tests for pfdesk's project files: a fuzzer, a kill test and concurrent writers.

Three harnesses exercise the core the way a hostile sender and a crashing laptop would:

* ``fuzz``: mutated project files, journals, WAL files, dumps and spreadsheets, run through
  every operation a user has (open read-write and read-only, edits, score, check, dump, load,
  import), checking that only ``PfdeskError`` escapes, that nothing hangs, that a refused file
  and its folder are left exactly as they were, and that a super-journal's victim survives.
* ``kill``: a process editing through the core is SIGKILLed at random moments; the file must
  open again with every edit it reported saved.
* ``concurrent``: several processes edit one file at once; every edit reported saved must be
  in the file afterwards.

The entry points are ``scripts/fuzz_files.py``, ``scripts/kill_edits.py`` and
``scripts/concurrent_edits.py``; ``tests/pfdesk/test_file_torture.py`` runs short campaigns.
"""
