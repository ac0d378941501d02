"""Privacy notices as code: structured YAML in, a versioned static site and change notices out."""

from .loader import Library, Notice, NoticeVersion, load_library
from .pages import Page, render_pages
from .problems import InvalidContent, Problem

__all__ = ["InvalidContent", "Library", "Notice", "NoticeVersion", "Page", "Problem", "load_library",
           "render_pages"]
