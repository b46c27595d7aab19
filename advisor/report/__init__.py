"""The PDF report: typst layout, data passed as JSON (user text is data, never markup)."""

from .build import build_report

__all__ = ["build_report"]
