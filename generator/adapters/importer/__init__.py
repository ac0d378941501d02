"""Importing an existing notice (Markdown, HTML or Word), with its history, into the prose model."""

from .command import ImportFailed, ImportResult, import_notice
from .report import report_data, write_report

__all__ = ["ImportFailed", "ImportResult", "import_notice", "report_data", "write_report"]
