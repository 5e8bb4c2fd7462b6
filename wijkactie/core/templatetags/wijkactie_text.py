from django import template

from wijkactie.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """`{{ event.body|markdown }}`: staff-written Markdown as safe HTML (core/markdown.py)."""
    return render_markdown(text)
