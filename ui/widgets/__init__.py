"""Reusable editors for the forms: money in 万元, dates, choice lists, multi-line text, delegates."""
