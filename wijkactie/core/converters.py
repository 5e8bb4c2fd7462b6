"""What a token or code in a URL can be, checked by the URL resolver before any view or database
sees it: anything else (a NUL byte, which PostgreSQL refuses in text, a space, a slash) is a 404.

`<token:…>`: the URL-safe secrets of `secrets.token_urlsafe` (personal links, sign-in links,
evaluation and sharing links). `<code:…>`: short codes people read or type (join codes,
certificate codes, invoice numbers) and signed codes (`value:signature`).
"""

import re

from django.urls import register_converter

TOKEN_PATTERN = r"[A-Za-z0-9_-]{1,128}"  # noqa: S105 (a pattern, not a secret)
CODE_PATTERN = r"[A-Za-z0-9_.:-]{1,128}"


def is_token(value: str) -> bool:
    """For a token that arrives outside the URL resolver (the API's path parameters)."""
    return re.fullmatch(TOKEN_PATTERN, value) is not None


class _Converter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TokenConverter(_Converter):
    regex = TOKEN_PATTERN


class CodeConverter(_Converter):
    regex = CODE_PATTERN


def register() -> None:
    register_converter(TokenConverter, "token")
    register_converter(CodeConverter, "code")
