"""The built pages reproduce Coursera's published notice word for word, with stable anchors and semantic markup.

The reference is the privacy notice followed by its Live2Coursera section; the site splits them into
`privacy/` and `live2coursera/`, so the two articles are compared, concatenated, with the reference.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from conftest import REFERENCE, ROOT
from ruamel.yaml import YAML

MIN_RATIO = 0.995
# What the site adds around a notice's text (templates/notice.md, templates/status.html): the state in the
# heading, the illustrative or draft label, the jump links for small screens, banners about other versions,
# links between a notice and its supplements, the version-history and PDF links. They are not part of the
# notice, and they change with the as-of date, so the word similarity leaves them out (the in-order sentence
# check reads everything). Empty this to compare the article exactly as shown.
SITE_CHROME = ".notice-status, .notice-label, .notice-state, .notice-jump, .notice-relation, .notice-history"
EFFECTIVE = "Effective: January 1, 2021."

# Elements that start a new line of text: their text must not run into their neighbours'.
BLOCKS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "li", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul",
]
QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
BULLET = re.compile(r"^\s*(?:[*\u2022-]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
MAX_WORDS_AFTER_BOTTOM_DATE = 20  # room for a "Version history" link, not for a section
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Anchors people link to: changing one breaks links from e-mails, other sites and change notices.
SECTION_IDS = {
    "key-information": ("h2", "Key Information"),
    "purpose-and-who-we-are": ("h2", "Purpose and who we are"),
    "what-this-notice-covers": ("h2", "What Information this Privacy Notice Covers"),
    "what-you-agree-to": ("h2", "What You Agree to by Using Our Site"),
    "what-information-we-collect": ("h2", "What Information We Collect"),
    "how-we-use-information": ("h2", "How We Use the Information"),
    "external-links": ("h2", "External Links"),
    "retention": ("h2", "Retention of Personally Identifiable Information"),
    "security": ("h2", "Confidentiality & Security of Personally Identifiable Information"),
    "your-rights": ("h2", "Updating or Deleting Your Personal Data"),
    "questions-and-complaints": ("h2", "Questions, Suggestions, and Complaints"),
    "california-privacy-rights": ("h2", "California Privacy Rights"),
    "shine-the-light": ("h3", "Shine the Light"),
    "ccpa": ("h3", "California Consumer Privacy Act"),
    "international-privacy-practices": ("h2", "International Privacy Practices"),
    "changes": ("h2", "Changing Our Privacy Notice"),
    "children": ("h2", "No Information from Children Under 13"),
}
ITEM_IDS = {
    "privacy": [
        "key-controller", "key-rights", "basis-contract", "interest-business", "collect-site-use",
        "collect-personal-data", "collect-account-registration", "collect-payment-processing", "use-personal-data",
        "use-forums", "share-contractors", "use-e-readers", "right-access", "right-copy",
    ],
    "live2coursera": ["l2c-content-and-contacts", "l2c-use-and-participants", "l2c-third-party-offerings"],
}
REPRESENTATIVES = [
    ["Coursera Europe B.V.", "Attn: Privacy Request", "Schiphol Boulevard 195, 1118BG Schiphol"],
    ["Coursera UK Limited", "Attn: Privacy Request", "City Bridge House, 57 Southwark Street, London SE1 1RU"],
]


# --- text extraction and normalisation ---------------------------------------------------------------


def article(site: Path, notice: str) -> Tag:
    """The main article of a notice page, without the permalink anchors ("¶") Markdown adds to headings."""
    html = (site / notice / "index.html").read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    assert found is not None, f"{notice}/index.html has no article.md-content__inner"
    for anchor in found.select("a.headerlink"):
        anchor.decompose()
    return found


def visible_text(element: Tag, leave_out: str = "") -> str:
    """The text a reader sees, with a line break between block elements and at <br>; without `leave_out`."""
    element = BeautifulSoup(str(element), "html.parser")  # work on a copy
    for hidden in element.select(", ".join(filter(None, ["script, style, template, [hidden]", leave_out]))):
        hidden.decompose()
    for br in element.find_all("br"):
        br.replace_with("\n")
    for block in element.find_all(BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    return element.get_text("")


def normalise(text: str) -> str:
    """Case-folded, straight quotes and apostrophes, every run of white space one space."""
    return re.sub(r"\s+", " ", text.translate(QUOTES).casefold()).strip()


def reference_lines() -> list[str]:
    if not REFERENCE.exists():
        pytest.fail(f"reference text not found at {REFERENCE}: restore it from git (tests/data/)", pytrace=False)
    lines = (BULLET.sub("", line) for line in REFERENCE.read_text(encoding="utf-8").splitlines())
    return [line for line in (normalise(line) for line in lines) if line]


def sentences(lines: list[str]) -> list[str]:
    return [part for line in lines for part in SENTENCE_END.split(line) if part]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def word_diff(a: list[str], b: list[str], opcodes: list[tuple[str, int, int, int, int]], context: int = 4) -> str:
    shown = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        before = " ".join(a[max(0, i1 - context):i1])
        after = " ".join(a[i2:i2 + context])
        shown.append(f"  {tag:7} …{before} [-{' '.join(a[i1:i2])}-] [+{' '.join(b[j1:j2])}+] {after}…")
    return "\n".join(shown)


# --- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def privacy(example_site: Path) -> Tag:
    return article(example_site, "privacy")


@pytest.fixture(scope="module")
def live2coursera(example_site: Path) -> Tag:
    return article(example_site, "live2coursera")


@pytest.fixture(scope="module")
def page_text(privacy: Tag, live2coursera: Tag) -> str:
    """Everything the two articles show, privacy first."""
    return visible_text(privacy) + "\n" + visible_text(live2coursera)


@pytest.fixture(scope="module")
def notice_text(privacy: Tag, live2coursera: Tag) -> str:
    """What the two articles show of the notices themselves, without the site's additions."""
    return visible_text(privacy, SITE_CHROME) + "\n" + visible_text(live2coursera, SITE_CHROME)


# --- the words ---------------------------------------------------------------------------------------


def test_every_reference_sentence_appears_in_order(page_text: str) -> None:
    text = normalise(page_text)
    position, missing, out_of_order = 0, [], []
    for sentence in sentences(reference_lines()):
        found = text.find(sentence, position)
        if found >= 0:
            position = found + len(sentence)
        elif sentence in text:
            out_of_order.append(sentence)
        else:
            missing.append(sentence)
    report = [f"missing: {s!r}" for s in missing] + [f"out of order: {s!r}" for s in out_of_order]
    assert not report, f"{len(report)} reference sentence(s) not found in order:\n" + "\n".join(report)


def test_words_match_the_reference(notice_text: str, page_text: str, record_property: Any) -> None:
    expected = words("\n".join(reference_lines()))
    actual = words(notice_text)
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    ratio = matcher.ratio()
    as_shown = difflib.SequenceMatcher(None, expected, words(page_text), autojunk=False).ratio()
    record_property("fidelity_ratio", round(ratio, 5))
    record_property("fidelity_ratio_with_site_additions", round(as_shown, 5))
    differences = word_diff(expected, actual, matcher.get_opcodes())
    print(f"\nfidelity ratio: {ratio:.5f} ({len(expected)} reference words, {len(actual)} notice words); "
          f"{as_shown:.5f} with the site's additions")
    print(f"differences (reference -> page):\n{differences}")
    assert ratio >= MIN_RATIO, (
        f"word similarity {ratio:.5f} < {MIN_RATIO}; differences (reference -> page):\n{differences}"
    )


# --- the markup --------------------------------------------------------------------------------------


def test_effective_date_at_top_and_bottom(privacy: Tag) -> None:
    dates = [p for p in privacy.find_all("p") if normalise(p.get_text(" ")) == normalise(EFFECTIVE)]
    assert len(dates) >= 2, f"expected {EFFECTIVE!r} in a paragraph at the top and at the bottom; found {len(dates)}"
    top, bottom = dates[0], dates[-1]
    # The top one comes before the first section; no heading, and hardly any text, follows the bottom one.
    assert privacy.find("h2") is not None
    assert top.find_previous("h2") is None, "the first effective date is not above the first section"
    headings = {id(heading) for heading in privacy.find_all(HEADINGS)}
    assert not any(id(later) in headings for later in bottom.find_all_next(HEADINGS)), (
        "a section heading follows the last effective date"
    )
    text = normalise(visible_text(privacy))
    after = text[text.rindex(normalise(EFFECTIVE)) + len(EFFECTIVE):]
    assert len(words(after)) <= MAX_WORDS_AFTER_BOTTOM_DATE, f"text after the last effective date: {after!r}"


@pytest.mark.parametrize("notice", ["privacy", "live2coursera"])
def test_email_addresses_are_mailto_links(notice: str, example_site: Path) -> None:
    body = article(example_site, notice)
    seen, unlinked = [], []
    for string in body.find_all(string=EMAIL):
        assert isinstance(string, NavigableString)
        link = string.find_parent("a")
        for address in EMAIL.findall(string):
            seen.append(address)
            if link is None or link.get("href") != f"mailto:{address}":
                unlinked.append(f"{address} in {string.parent.name}: {str(string).strip()[:80]!r}")
    assert seen, f"no e-mail address found on {notice}/"
    assert not unlinked, "e-mail addresses that are not mailto: links:\n" + "\n".join(unlinked)


def test_representative_addresses_are_address_elements(privacy: Tag) -> None:
    addresses = [[line.strip() for line in visible_text(a).splitlines() if line.strip()]
                 for a in privacy.find_all("address")]
    for expected in REPRESENTATIVES:
        assert expected in addresses, f"no <address> reading {expected}; found {addresses}"


def test_section_headings_have_stable_ids(privacy: Tag) -> None:
    problems = []
    for anchor, (level, title) in SECTION_IDS.items():
        heading = privacy.find(id=anchor)
        if heading is None:
            problems.append(f"#{anchor}: missing")
        elif heading.name != level or normalise(heading.get_text()) != normalise(title):
            problems.append(f"#{anchor}: <{heading.name}> {heading.get_text()!r}, expected <{level}> {title!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notice", ["privacy", "live2coursera"])
def test_list_items_have_ids(notice: str, example_site: Path) -> None:
    body = article(example_site, notice)
    for anchor in ITEM_IDS[notice]:
        item = body.find(id=anchor)
        assert item is not None and item.name == "li", f"#{anchor} is not a list item on {notice}/"
    # The notice's own items; related notices (aside) and the jump links (nav) are the site's.
    notice_items = [li for li in body.find_all("li") if li.find_parent(["aside", "nav"]) is None]
    without = [li.get_text(" ", strip=True)[:60] for li in notice_items if not li.get("id")]
    assert not without, f"list items without an id on {notice}/: {without}"


def yaml_ids(sections: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(kind, id) of every section, list and list item of a version's YAML."""

    def items(entries: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
        for entry in entries:
            if entry.get("id"):
                yield "li", entry["id"]
            yield from items(entry.get("items") or [])

    for section in sections:
        # A section without a title has no heading, only its anchor.
        yield ("heading" if section.get("title") else "anchor"), section["id"]
        for block in section.get("blocks") or []:
            if "items" in block:
                if block.get("id"):
                    yield "list", block["id"]
                yield from items(block["items"])
            elif block.get("id") and "contact" not in block:
                yield "block", block["id"]
        yield from yaml_ids(section.get("sections") or [])


@pytest.mark.parametrize("notice", ["privacy", "live2coursera"])
def test_every_yaml_id_is_an_anchor(notice: str, example_site: Path) -> None:
    data = YAML(typ="safe").load(ROOT / "notices" / notice / "2021-01-01.yaml")
    body = article(example_site, notice)
    expected_tags = {"heading": {"h2", "h3", "h4", "h5", "h6"}, "list": {"ul", "ol"}, "li": {"li"}}
    problems = []
    for kind, anchor in yaml_ids(data["sections"]):
        element = body.find(id=anchor)
        if element is None:
            problems.append(f"{kind} #{anchor}: no element with this id")
        elif kind in expected_tags and element.name not in expected_tags[kind]:
            problems.append(f"{kind} #{anchor}: on a <{element.name}>")
    ids = [element["id"] for element in body.find_all(id=True)]
    duplicates = sorted({anchor for anchor in ids if ids.count(anchor) > 1})
    assert not problems, "\n".join(problems)
    assert not duplicates, f"ids used more than once on {notice}/: {duplicates}"
