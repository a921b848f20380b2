"""The Qt binding itself: guards against a known-bad PySide6 release.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit`` from Python; on Python
3.11 the interpreter aborts once the count reaches zero (after a few thousand edits in the
window, or at exit). pyproject.toml keeps that release out; this test fails if it comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emit_keeps_reference_counts(qapp):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for i in range(200):
        emitter.fired.emit(i)
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert len(received) == 200
    assert all(abs(a - b) < 50 for a, b in zip(before, after, strict=True)), (before, after)
