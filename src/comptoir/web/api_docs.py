"""The API docs page (Swagger UI at ``/api/docs``), with a Content-Security-Policy of its own.

Swagger UI comes from a CDN and starts from one inline script, which the strict policy of every
other page refuses. Rather than weaken that policy everywhere, this one page allows exactly its
script and stylesheet hosts and the hash of its inline script. Its styles may be inline: Swagger UI
writes style attributes as it renders, and the page shows nothing but our own OpenAPI document.
Point the URLs below at ``/static`` once the assets are vendored and the hosts drop out by themselves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from comptoir.kernel.security_headers import STRICT_DIRECTIVES, content_security_policy

DOCS_PATH = "/api/docs"
SWAGGER_JS = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
SWAGGER_CSS = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"
FAVICON = "https://fastapi.tiangolo.com/img/favicon.png"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def docs_page(*, openapi_url: str, title: str) -> tuple[str, str]:
    """Swagger UI for ``openapi_url`` as HTML, and the policy that lets exactly this page run."""
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=SWAGGER_JS,
        swagger_css_url=SWAGGER_CSS,
        swagger_favicon_url=FAVICON,
    )
    html = bytes(page.body).decode()
    inline = " ".join(_hash(script) for script in _INLINE_SCRIPT.findall(html))
    directives = STRICT_DIRECTIVES | {
        "script-src": f"'self' {_origin(SWAGGER_JS)} {inline}",
        "style-src": f"'self' {_origin(SWAGGER_CSS)} 'unsafe-inline'",
        "img-src": f"'self' data: {_origin(FAVICON)}",
    }
    # dict.fromkeys drops a source named twice ('self' when an asset is vendored), keeping the order.
    policy = content_security_policy({name: " ".join(dict.fromkeys(v.split())) for name, v in directives.items()})
    return html, policy


def install_api_docs(app: FastAPI) -> None:
    """Serve the docs page of ``app`` (created with ``docs_url=None``) at :data:`DOCS_PATH`."""
    if app.openapi_url is None:
        return
    html, policy = docs_page(openapi_url=app.openapi_url, title=f"{app.title} - API")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})
