"""HTML resume → visible text. Hidden text (display:none, white, zero-size...) is set aside, not read:
it is a known way to stuff keywords or smuggle instructions into a resume."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
_BLOCK = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "address",
    "form",
    "main",
    "aside",
}
_HIDDEN_DECL = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:;|$)"
    r"|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)"
    r"|(?:left|top|text-indent)\s*:\s*-\d{4,}px|(?:width|height)\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden",
    re.IGNORECASE,
)
_DARK_BACKGROUND = re.compile(
    r"background(?:-color)?\s*:\s*(?!#fff|white|transparent|none)[#\w]", re.IGNORECASE
)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _hidden_selectors(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    """Class and id names that <style> rules hide (simple `.x` / `#y` selectors only)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in soup.find_all("style"):
        for selectors, body in _CSS_RULE.findall(style.get_text()):
            if not _is_hiding(body):
                continue
            for selector in selectors.split(","):
                last = selector.strip().split()[-1] if selector.strip() else ""
                if re.fullmatch(r"[\w-]*\.[\w-]+", last):
                    classes.add(last.rsplit(".", 1)[1])
                elif re.fullmatch(r"[\w-]*#[\w-]+", last):
                    ids.add(last.rsplit("#", 1)[1])
    return classes, ids


def _is_hiding(style: str) -> bool:
    """True when a style declaration list makes text invisible (white text only without a dark background)."""
    m = _HIDDEN_DECL.search(style)
    if not m:
        return False
    return not (m.group(0).lower().lstrip().startswith("color") and _DARK_BACKGROUND.search(style))


def _is_hidden(el: Tag, classes: set[str], ids: set[str]) -> bool:
    if el.has_attr("hidden") or (el.name == "input" and str(el.get("type", "")).lower() == "hidden"):
        return True
    if _is_hiding(str(el.get("style", ""))):
        return True
    el_classes: list[str] = list(el.get("class") or [])
    if any(c in classes for c in el_classes) or str(el.get("id", "")) in ids:
        return True
    font = el if el.name == "font" else None
    return font is not None and str(font.get("color", "")).lower() in {"#fff", "#ffffff", "white"}


def html_to_text(html: str) -> tuple[str, tuple[str, ...]]:
    """(visible text with one block per line, hidden text snippets that were excluded)."""
    soup = BeautifulSoup(html, "html.parser")
    classes, ids = _hidden_selectors(soup)
    for el in soup.find_all(_DROP):
        el.decompose()
    hidden: list[str] = []
    for el in soup.find_all(True):
        if el.decomposed or not _is_hidden(el, classes, ids):
            continue
        snippet = el.get_text(" ", strip=True)
        if snippet:
            hidden.append(snippet)
        el.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for el in soup.find_all(["td", "th"]):
        el.append("\t")
    for el in soup.find_all(_BLOCK):
        el.insert_before("\n")
        el.append("\n")
    return soup.get_text(), tuple(hidden)
