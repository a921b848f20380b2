"""Data the program ships (templates, the phrase library, fonts), installed as package data.

Read it through ``pfdesk.resources``, never by a path relative to a source file, so a wheel,
a frozen bundle and a source checkout find the same files.
"""
