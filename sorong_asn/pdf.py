"""The one WeasyPrint helper: HTML → PDF with a fetcher that may read only our static files.

WeasyPrint's default fetcher reads `file://` and any URL (SSRF, local files embedded as
attachments; security-checklist.md §3), so every PDF of the product goes through `render_pdf`.
"""

import gc
import logging
import mimetypes
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("security.pdf")

# A host that can never resolve: relative URLs in the templates become https://pdf-assets.invalid/static/…
ASSET_HOST = "pdf-assets.invalid"
BASE_URL = f"https://{ASSET_HOST}/"
# Fixed, not STATIC_URL: templates write `static/css/pdf.css`, never {% static %}, because the manifest
# storage knows a file only after collectstatic (and STATIC_URL may point at another host).
ASSET_PREFIX = "/static/"
# Small inline images (the uploaded emblem) travel as data: URLs; anything larger is refused.
DATA_URL_MAX = 512_000


def _static_roots() -> list[Path]:
    # The sources first (always current, present in every checkout and the image), then the collected copy.
    return [Path(root).resolve() for root in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT) if root]


class StaticOnlyFetcher(URLFetcher):
    """Deny by default: serve our static files under /static/ of the asset host, and small data: URLs."""

    def __init__(self):
        super().__init__(timeout=3, allowed_protocols=("https", "data"), allow_redirects=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data" and len(url) <= DATA_URL_MAX:
            return super().fetch(url, headers)
        path = unquote(parts.path)
        if parts.scheme == "https" and parts.netloc == ASSET_HOST and path.startswith(ASSET_PREFIX):
            relative = path[len(ASSET_PREFIX) :]
            for root in _static_roots():
                target = (root / relative).resolve()
                if target.is_relative_to(root) and target.is_file():
                    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})
        log.warning("pdf.fetch.blocked url=%s", url[:200])
        raise ValueError(f"Alamat tidak diizinkan dalam PDF: {url[:100]}")


@contextmanager
def _gc_relaxed():
    # Layout creates millions of short-lived objects; fewer collections cut render time by 20–30 %.
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass(frozen=True)
class PdfResult:
    content: bytes
    halaman: int


def render_pdf(html: str, *, progress: Callable[[int, str], None] | None = None) -> PdfResult:
    """Lay out `html` (a rendered Django template) and write the PDF; report progress on the way."""
    report = progress or (lambda percent, tahap: None)
    with _gc_relaxed():
        report(40, "Menata halaman")
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
        report(85, "Menulis berkas PDF")
        content = document.write_pdf()
    return PdfResult(content=content, halaman=len(document.pages))
