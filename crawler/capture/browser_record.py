"""Writing a browser capture: every response as a WARC response + request pair and a capture row.

Order and links: main-frame documents (redirect hops, a challenge page, the final document) are
captures of the page URL in the order they arrived, each classified (a challenge is ``blocked``);
every other response is a subresource capture whose ``page_capture_id`` is the document that was
current when it arrived. Requests the address policy refused are failure rows linked the same way.
The screenshot and the rendered DOM are WARC ``resource`` records named after the page
(``urn:screenshot:URL``, ``urn:rendered-dom:URL``), their ids on the final document's row.

Bodies come decoded from the browser, so ``Content-Encoding``, ``Transfer-Encoding`` and
``Content-Length`` are dropped from the stored headers (the writer adds the stored length): the
payload digest is over the stored bytes, and a replay tool does not try to gunzip plain bytes.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.capture.address_policy import AllowList, is_forbidden_address, origin_of
from crawler.analysis.analyze import analyze, header_map
from crawler.analysis.extraction import ExtractionSettings
from storage.warc import Exchange

if TYPE_CHECKING:
    from crawler.capture.browser import NetResponse, PageResult
    from crawler.capture.provenance import Recorder

DECODED_DROP = {b"content-encoding", b"transfer-encoding", b"content-length"}
BODIES_NOTE = ("browser captures (fetched-with browser): bodies as Chromium hands them over through CDP, i.e. "
               "decoded; Content-Encoding, Transfer-Encoding and Content-Length were removed from their stored "
               "headers. HTTP captures: bodies as received on the wire (content encoding kept).")


@dataclass
class RecordedPage:
    page_capture_id: int  # the final document's capture
    document_ids: list[int] = field(default_factory=list)
    page_resources: int = 0
    refused: int = 0
    screenshot_record_id: str | None = None
    rendered_dom_record_id: str | None = None
    final: NetResponse | None = None
    revisit_of: int | None = None
    failed: str | None = None  # the page's own document could not be kept (why)


def exchange_of(r: NetResponse) -> Exchange:
    headers = [(k, v) for k, v in r.response_headers if k.lower() not in DECODED_DROP]
    try:
        reason = r.reason or HTTPStatus(r.status).phrase
    except ValueError:
        reason = r.reason
    return Exchange(url=r.url, method=r.method, request_headers=r.request_headers, status=r.status,
                    reason=reason, protocol="HTTP/1.1", response_headers=headers, body=r.body,
                    fetched_at=r.fetched_at, ip_address=r.ip_address, request_body=r.request_body)


def reached_forbidden(url: str, ip: str | None, allowed: AllowList, allow_private: bool) -> str | None:
    """After the fact: the address Chromium actually connected to (DNS may have changed since the check)."""
    if allow_private or not ip:
        return None
    origin = origin_of(url)
    host = origin.host if origin else (urlsplit(url).hostname or "")
    if origin is not None and allowed.allows(origin):
        return None
    if is_forbidden_address(ipaddress.ip_address(ip)):
        return f"refused: {host} was answered from non-public address {ip}; its response is not kept"
    return None


def record_page(rec: Recorder, result: PageResult, *, allowed: AllowList, allow_private: bool,
                settings: ExtractionSettings) -> RecordedPage:
    """Write everything the browser received for one page; returns the ids the crawl needs next."""
    current: int | None = None
    docs = result.documents
    final = docs[-1]
    out: RecordedPage | None = None
    per_doc: dict[int, int] = {}
    late_refusals = list(result.refusals)
    for r in result.responses:
        why = reached_forbidden(r.url, r.ip_address, allowed, allow_private)
        if why:
            late_refusals.append((r.url, why))
            continue
        ctype = next((v.decode("latin-1") for k, v in r.response_headers if k.lower() == b"content-type"), None)
        if r.document and r.error and not r.body and r is final:
            # the page itself could not be kept (over the size limit): a failure row is its capture
            capture_id = rec.record_failure(r.url, r.error, r.fetched_at, fetched_with="browser")
            current, per_doc[capture_id] = capture_id, 0
            out = RecordedPage(capture_id, final=r, failed=r.error)
            continue
        if r.document:
            capture_id, revisit_of = rec.record_exchange(exchange_of(r), ctype, r.redirect_location,
                                                         fetched_with="browser")
            current = capture_id
            per_doc[capture_id] = 0
            if r is final:
                out = RecordedPage(capture_id, final=r, revisit_of=revisit_of)
            else:  # a redirect hop or a challenge: classified now, it never reaches the spider
                verdict = analyze(r.body, url=r.url, status=r.status, headers=header_map(exchange_of(r).response_headers),
                                  redirect_location=r.redirect_location, settings=settings)
                rec.record_analysis(capture_id, verdict, settings, extracted_from="response")
            continue
        if r.error and not r.body:
            rec.record_failure(r.url, r.error, r.fetched_at, fetched_with="browser", page_capture_id=current)
            continue
        capture_id, _ = rec.record_exchange(exchange_of(r), ctype, r.redirect_location, fetched_with="browser",
                                            page_capture_id=current)
        if current is not None:
            per_doc[current] += 1
        if r.redirect_location or not 200 <= r.status < 300:
            verdict = analyze(r.body, url=r.url, status=r.status, headers=header_map(exchange_of(r).response_headers),
                              redirect_location=r.redirect_location)
            rec.record_analysis(capture_id, verdict, settings)
    if out is None:
        raise ValueError("the page's final document was refused by the address policy")
    now = datetime.now(UTC)
    for url, why in late_refusals:
        rec.record_failure(url, why, now, fetched_with="browser", page_capture_id=out.page_capture_id)
    out.refused = len(late_refusals)
    out.document_ids = list(per_doc)
    from storage.models import Capture

    with rec.db.session() as s:
        final_record = s.get(Capture, out.page_capture_id)
        concurrent_to = final_record.warc_record_id if final_record else None
    if result.screenshot:
        out.screenshot_record_id = rec.record_resource(f"urn:screenshot:{final.url}", "image/png", result.screenshot,
                                                       now, concurrent_to).record_id
    if result.dom is not None:
        out.rendered_dom_record_id = rec.record_resource(f"urn:rendered-dom:{final.url}", "text/html; charset=utf-8",
                                                         result.dom.encode("utf-8"), now, concurrent_to).record_id
    for doc_id, count in per_doc.items():
        if doc_id == out.page_capture_id:
            continue
        rec.record_page(doc_id, page_resources=count, screenshot_record_id=None, rendered_dom_record_id=None)
    out.page_resources = per_doc.get(out.page_capture_id, 0)
    rec.record_page(out.page_capture_id, page_resources=out.page_resources,
                    screenshot_record_id=out.screenshot_record_id, rendered_dom_record_id=out.rendered_dom_record_id)
    return out
