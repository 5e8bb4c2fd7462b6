from django import template
from django.utils.formats import get_format, number_format

from wijkactie.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """`{{ event.body|markdown }}`: staff-written Markdown as safe HTML (core/markdown.py)."""
    return render_markdown(text)


@register.filter
def plain_number(value):
    """`{{ 1.50|plain_number }}` → "1,5", `{{ 3.00|plain_number }}` → "3": no trailing zeros,
    the decimal sign of the active language."""
    if value in (None, ""):
        return ""
    text = number_format(value, 2)
    separator = get_format("DECIMAL_SEPARATOR")
    if separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text
