"""Emitting Qt signals from Python without losing a reference to ``True`` on every emit.

PySide6 6.12.0's ``SignalInstance.emit`` returns ``True`` without taking a reference to it, so
each emit from Python lowers ``True``'s reference count by one; after a few hundred emits CPython
aborts with "bool_dealloc: deallocating True or False". ``emit(signal, *args)`` emits and, only
when that leak was measured once on this PySide6 build, hands the reference back. On a fixed
build it is a plain emit.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger(__name__)

_leaks: bool | None = None


class _Probe(QObject):
    fired = Signal()


def emit_leaks_a_reference() -> bool:
    """True when this PySide6 build's emit() drops a reference to its result (measured once)."""
    global _leaks  # noqa: PLW0603 - measured once per process
    if _leaks is None:
        probe = _Probe()
        before = sys.getrefcount(True)
        result = probe.fired.emit()
        del result
        _leaks = sys.getrefcount(True) < before
        if _leaks:
            log.info("PySide6 emit() drops a reference; compensating")
    return _leaks


def emit(signal: SignalInstance, *args: Any) -> None:
    """Emit ``signal`` with ``args``, keeping reference counts right on every PySide6 build."""
    result = signal.emit(*args)
    if type(result) is bool and emit_leaks_a_reference():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
