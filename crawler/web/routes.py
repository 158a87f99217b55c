"""The reading room's HTTP side: each route fetches its page's data (crawler/web/views.py) in one
read-only session and answers HTML, or JSON under ``/api/...`` or to ``Accept: application/json``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from crawler.web import views
from crawler.web.highlight import highlight


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    first = request.headers.get("accept", "").split(",")[0].split(";")[0].strip().lower()
    return first == "application/json"


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "as_dict"):
        return obj.as_dict()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _json(data: Any, status: int = 200) -> Response:
    import json

    body = json.dumps(data, ensure_ascii=False, default=_json_default, indent=1)
    return Response(body, status_code=status, media_type="application/json")


def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> Response:
    if wants_json(request):
        return _json(data, status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {**data, "room": request.app.state.room},
                                      status_code=status)


def error(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "room": request.app.state.room},
        status_code=status)


def handle(fn):  # type: ignore[no-untyped-def]
    """Run a view in a read-only session; NotFound is 404 and BadRequest 400, with the reason."""
    def endpoint(request: Request) -> Response:
        if not views.storable_id(request.path_params.get("id", 1)):  # /capture/99999999999999999999999
            return error(request, 404, f"no capture {request.path_params['id']}")
        try:
            with request.app.state.database.session() as session:
                return fn(request, session)
        except views.NotFound as exc:
            return error(request, 404, str(exc))
        except views.BadRequest as exc:
            return error(request, 400, str(exc))
    endpoint.__name__ = fn.__name__
    return endpoint


@handle
def sources(request: Request, session: Any) -> Response:
    return render(request, "sources.html", views.sources_overview(session))


@handle
def search(request: Request, session: Any) -> Response:
    from crawler.web.searching import run_search, spans

    p = request.query_params
    q = (p.get("q") or "").strip()
    mode = p.get("mode") or "phrase"
    source = p.get("source") or None
    since, until = views.parse_when(p.get("since"), "since"), views.parse_when(p.get("until"), "until")
    results = run_search(session, q, mode=mode, source=source, since=since, until=until) if q else []
    data = {"query": q, "mode": mode, "source": source, "since": p.get("since") or None,
            "until": p.get("until") or None, "results": results, "sources": sorted(views.load_sources())}
    if not wants_json(request):
        for r in results:
            r["snippet_html"] = highlight(r.get("snippet"), spans(r.get("snippet") or "", q, mode))
    return render(request, "search.html", data)


@handle
def timeline(request: Request, session: Any) -> Response:
    return render(request, "url.html", views.url_timeline(session, request.query_params.get("u") or ""))


@handle
def capture(request: Request, session: Any) -> Response:
    data = views.capture_detail(session, request.path_params["id"],
                                replay_base=request.app.state.room["replay"])
    q = (request.query_params.get("q") or "").strip()
    mode = request.query_params.get("mode") or "phrase"
    data["query"] = q or None
    if data["text"] and q:
        from crawler.web.searching import spans

        data["text"]["highlights"] = found = spans(data["text"]["text"] or "", q, mode)
        data["text"]["html"] = highlight(data["text"]["text"], found)
    elif data["text"]:
        data["text"]["html"] = highlight(data["text"]["text"], [])
    return render(request, "capture.html", data)


@handle
def diff(request: Request, session: Any) -> Response:
    p = request.query_params
    data = views.text_diff(session, views.parse_id(p.get("from"), "from"), views.parse_id(p.get("to"), "to"))
    if not wants_json(request):  # `from` is a word of the template language
        data = {**data, "older": data["from"], "newer": data["to"]}
    return render(request, "diff.html", data)


@handle
def verify(request: Request, session: Any) -> Response:
    data = views.verify_capture(session, request.app.state.data_dir, request.path_params["id"])
    return render(request, "verify.html", data, status=200)


@handle
def screenshot(request: Request, session: Any) -> Response:
    from crawler.web.screenshot import read_screenshot
    from storage.models import Capture

    c = session.get(Capture, request.path_params["id"])
    if c is None:
        raise views.NotFound(f"no capture {request.path_params['id']}")
    png = read_screenshot(session, request.app.state.data_dir, c)
    if png is None:
        raise views.NotFound(f"capture {c.id} has no screenshot")
    return Response(png, media_type="image/png")


@handle
def bundle(request: Request, session: Any) -> Response:
    """The `provcrawl export` WACZ of the capture, built into a temporary file and streamed."""
    from crawler.evidence.export import ExportError, export_capture, exportable
    from storage.models import Capture

    c = session.get(Capture, request.path_params["id"])
    if c is None:
        raise views.NotFound(f"no capture {request.path_params['id']}")
    if not exportable(c):
        raise views.BadRequest(f"capture {c.id} cannot be exported (status {c.status}, "
                               f"{'no WARC record' if not c.warc_file else 'not a successful response'})")
    fd, name = tempfile.mkstemp(prefix=f"provcrawl-capture-{c.id}-", suffix=".wacz")
    os.close(fd)
    out = Path(name)
    try:
        export_capture(session, request.app.state.data_dir, c, out)
    except ExportError as exc:
        out.unlink(missing_ok=True)
        return error(request, 409, str(exc))
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return FileResponse(out, media_type="application/wacz+zip", filename=f"capture-{c.id}.wacz",
                        background=BackgroundTask(out.unlink, missing_ok=True))
