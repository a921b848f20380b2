"""pfdesk core: the project file, the evaluation model, the scoring engine and the command line.

Nothing in this package imports Qt; the window in ``ui/`` is an adapter over it.
"""

__version__ = "0.1.0"
