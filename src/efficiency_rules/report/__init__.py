"""The monthly report: HTML page, JSON twin and spreadsheet, rendered from the store."""

from .content import NormInfo
from .progress import Progress
from .render import render_report

__all__ = ["NormInfo", "Progress", "render_report"]
