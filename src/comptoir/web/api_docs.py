"""The API docs page (Swagger UI at ``/api/docs``), under the strict Content-Security-Policy of every page.

Swagger UI is vendored in the package (``/static/vendor/swagger-ui-<version>/``, from the npm
registry) and starts from ``/static/api-docs.js``, which reads the OpenAPI URL from the page: the
page works offline and where a CDN cannot be reached, and needs neither an inline script nor
another host. Swagger UI sets its styles through the DOM, which the policy allows, so the page
needs nothing beyond :data:`~comptoir.kernel.security_headers.STRICT_POLICY` (a browser test proves it).
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from comptoir.kernel.security_headers import STRICT_POLICY

DOCS_PATH = "/api/docs"
SWAGGER_UI_VERSION = "5.35.0"
SWAGGER_UI = f"/static/vendor/swagger-ui-{SWAGGER_UI_VERSION}"
SWAGGER_JS = f"{SWAGGER_UI}/swagger-ui-bundle.js"
SWAGGER_CSS = f"{SWAGGER_UI}/swagger-ui.css"
FAVICON = f"{SWAGGER_UI}/favicon-32x32.png"
START_SCRIPT = "/static/api-docs.js"


def docs_page(*, openapi_url: str, title: str) -> str:
    """Swagger UI for ``openapi_url`` as HTML, with its assets and start-up script from ``/static``."""
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" type="image/png" href="{FAVICON}">
<link rel="stylesheet" href="{SWAGGER_CSS}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="{SWAGGER_JS}"></script>
<script src="{START_SCRIPT}"></script>
</body>
</html>
"""
    return html


def install_api_docs(app: FastAPI) -> None:
    """Serve the docs page of ``app`` (created with ``docs_url=None``) at :data:`DOCS_PATH`."""
    if app.openapi_url is None:
        return
    html = docs_page(openapi_url=app.openapi_url, title=f"{app.title} - API")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        # Said here as well as by the middleware, so that nobody loosens it for this page by accident.
        return HTMLResponse(html, headers={"Content-Security-Policy": STRICT_POLICY})
