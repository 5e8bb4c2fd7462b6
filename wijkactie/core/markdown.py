"""Staff-written text (event pages, programmes, messages) as Markdown, rendered to safe HTML.

markdown-it-py with raw HTML switched off parses CommonMark: a single line break is soft (the
line goes on, as in any Markdown editor), an empty line starts a new paragraph. nh3 then keeps
only the tags below, so neither a typed `<script>` nor a `javascript:` link ever reaches a page
or a mail. A text is at most MAX_LENGTH characters (the models' fields say so, so every form,
the API and admin refuse more): parsing a megabyte-sized table took seconds.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

MAX_LENGTH = 20_000

_parser = MarkdownIt("commonmark", {"html": False, "breaks": False, "linkify": False}).enable(
    "table"
)

TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(text: str) -> SafeString:
    html = _parser.render(text or "")
    # Headings start at h2: the page's own title is the only h1.
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel="noopener nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 allowed only the tags above
