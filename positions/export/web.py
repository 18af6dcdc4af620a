"""What every HTML output shares: the content security policy, the one URL check, the
JSON that is safe inside a script, and the jinja2 environment of the templates.

The map, the briefing and the matrix are published as they are: nothing in the data may
run as script, load from the network or become a ``javascript:`` link.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

#: The static pages (briefing, matrix) load nothing: no script, no request; inline styles
#: and data: images only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f<>\"'`\\]+$", re.IGNORECASE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) address, else None: only those become links.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> safe_url(" https://example.org"), safe_url('https://x.org/"><b>')
    (None, None)
    """
    if url is None or not _HTTP_URL.match(url):
        return None
    return url


def script_policy(scripts: Sequence[str], styles: Sequence[str]) -> str:
    """The policy of a page with inline ``scripts`` and ``styles``: those run, nothing else.

    Each is allowed by the hash of its text; no fetch, no frame, no form, no plugin.
    """
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {' '.join(source_hash(text) for text in scripts)}",
            f"style-src {' '.join(source_hash(text) for text in styles)}",
            "img-src data:",
            "font-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
        ]
    )


def source_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9.

    >>> script_json({"q": "</script>"})
    '{"q":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


@lru_cache(maxsize=1)
def html_environment() -> Any:
    """The jinja2 environment of the HTML templates: autoescaped, strict about undefined
    names, with the static pages' policy as ``csp`` and the URL check as ``safe_url``."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("positions.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["csp"] = CONTENT_SECURITY_POLICY
    environment.filters["safe_url"] = safe_url
    return environment
