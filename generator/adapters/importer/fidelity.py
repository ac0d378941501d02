"""Word fidelity: how closely a built version page says what its source says, as its own site shows it.

Both sides are reduced to their words (case-folded, quotes straightened, punctuation dropped) and
compared with difflib; the ratio is 2·matches / (words in source + words on the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from bs4 import BeautifulSoup, Tag

from .convert import HEADINGS, PAGE_CHROME, find_title_heading
from .inline_html import AUTOTITLE, Inline, LinkRules
from .sources import SourceDocument

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "caption", "div", "ul", "ol",
           "blockquote", "pre", "dt", "dd", "section", "address"]
SITE_ADDITIONS = ("h1, .notice-jump, .notice-history, #effective-bottom, .notice-announcement, .notice-status, "
                  ".notice-relation, a.headerlink, script, style, template, [hidden]")


def word_list(text: str) -> list[str]:
    return re.findall(r"\w+", text.translate(_QUOTES).casefold())


def visible_text(element: Tag, leave_out: str = "script, style, template, [hidden]") -> str:
    """The text a reader sees, blocks and <br> separated by line breaks."""
    copy = BeautifulSoup(str(element), "html.parser")
    for hidden in copy.select(leave_out):
        hidden.decompose()
    for br in copy.find_all("br"):
        br.replace_with("\n")
    for block in copy.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    return copy.get_text("")


def source_words(source: SourceDocument, title: str, base_url: str | None, self_names: set[str], *,
                 fill_autotitle: bool = True) -> list[str]:
    """The words of `source`'s body as its own site renders it.

    Titles are left out on both sides: the title belongs to the notice, not to one version.
    GitHub Docs shows an `AUTOTITLE` link as the linked page's title; with `fill_autotitle` the
    placeholder is filled the way the importer fills it, otherwise it is counted as written.
    """
    soup = source.soup()
    for chrome in soup.find_all(["head", *PAGE_CHROME]):  # dropped by the import, and reported there
        chrome.decompose()
    title_heading = find_title_heading(soup.find_all(HEADINGS))
    if title_heading is not None:  # shown as the notice's title, which is compared apart
        title_heading.decompose()
    if fill_autotitle:
        rules = LinkRules(base_url, self_names, title)
        filler = Inline(rules, lambda _message: None)
        for link in soup.find_all("a"):
            href = link.get("href")
            if link.get_text().strip() == AUTOTITLE and isinstance(href, str):
                link.string = filler.autotitle(href)
    return word_list(visible_text(soup))


def page_words(article: Tag) -> list[str]:
    """The words of a built notice page's article, without what the site adds around the notice."""
    return word_list(visible_text(article, SITE_ADDITIONS))


@dataclass(frozen=True)
class Fidelity:
    ratio: float
    source_words: int
    page_words: int
    differences: tuple[str, ...]


def compare_words(expected: list[str], actual: list[str], context: int = 3) -> Fidelity:
    matcher = SequenceMatcher(None, expected, actual, autojunk=False)
    shown = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            before = " ".join(expected[max(0, i1 - context):i1])
            shown.append(f"{tag}: …{before} [-{' '.join(expected[i1:i2])}-] [+{' '.join(actual[j1:j2])}+]")
    return Fidelity(round(matcher.ratio(), 5), len(expected), len(actual), tuple(shown))
