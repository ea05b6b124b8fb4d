"""The web page: log in, drop a packet, watch it checked, read and act on reports.

Every route but the login page and its static files needs a login (`protected` router);
every request that changes something also needs the session's CSRF token; waiving and
marking reviewed need a reviewer or admin, accounts an admin. Nothing is loaded from the
internet: templates, CSS and the one script are served from this package.
"""

# No `from __future__ import annotations` here: FastAPI reads the dependency annotations
# (User_, Changer) at definition time, and they are local to create_app.
import datetime as dt
import math
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.core.result import SEVERITY_ZH
from pipeline.core.settings import Settings
from pipeline.records.db import (
    Applicant,
    AuditEntry,
    PacketRow,
    ResultRow,
    Review,
    UploadJob,
    User,
    open_store,
)
from pipeline.records.decisions import Decisions, applicant_key
from pipeline.web import auth, jobs, views

HERE = Path(__file__).parent
LOGIN_CSRF = "yushen_login_csrf"
# inline styles stay allowed (the HTML report's own <style> and style attributes); scripts,
# frames, forms and everything else only from this site
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")


class LoginRequired(Exception):
    pass


def _removed(folder: Path) -> BackgroundTask:
    """The temp folder of a download, removed once the response has been sent."""
    return BackgroundTask(shutil.rmtree, folder, ignore_errors=True)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = open_store(settings.db_url)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(SEVERITY_ZH=SEVERITY_ZH, ORIGIN_ZH=views.ORIGIN_ZH,
                                 ROLES=auth.ROLES)
    app = FastAPI(title="yushen 预审", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    throttle = auth.LoginThrottle(settings.web_login_failures)
    queue = jobs.JobQueue(settings)
    queue.resume()  # uploads a stopped server left queued or half-checked are checked now

    @app.middleware("http")
    async def _headers(request: Request, call_next) -> Response:  # noqa: ANN001
        """Nothing from elsewhere, no framing, no sniffing; pages and reports hold
        applicants' data, so no cache keeps them."""
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def set_cookie(response: Response, name: str, value: str, **options) -> None:
        response.set_cookie(name, value, httponly=True, samesite="strict",
                            secure=settings.web_secure_cookies, **options)

    # --- who is asking -------------------------------------------------------------
    def current_user(request: Request) -> auth.LoggedIn:
        with store.session() as s:
            user = auth.session_user(s, request.cookies.get(auth.COOKIE))
        if user is None:
            raise LoginRequired()
        return user

    User_ = Annotated[auth.LoggedIn, Depends(current_user)]

    async def csrf_checked(request: Request, user: User_) -> auth.LoggedIn:
        given = request.headers.get("x-csrf-token")
        if given is None and request.headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded"):
            given = (await request.form()).get("csrf")
        if not auth.csrf_ok(user.csrf, given if isinstance(given, str) else None):
            raise HTTPException(403, "请求缺少有效的 CSRF 令牌，请刷新页面后重试。")
        return user

    Changer = Annotated[auth.LoggedIn, Depends(csrf_checked)]

    def reviewer(user: Changer) -> auth.LoggedIn:
        if not user.may_review:
            raise HTTPException(403, "只有审核人员可以执行此操作。")
        return user

    def admin(user: Changer) -> auth.LoggedIn:
        if user.role != "admin":
            raise HTTPException(403, "只有管理员可以管理账号。")
        return user

    @app.exception_handler(LoginRequired)
    async def _login_first(request: Request, _exc: LoginRequired) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", "text/html"):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return JSONResponse({"detail": "请先登录。"}, status_code=401)

    def page(request: Request, name: str, user: auth.LoggedIn | None, **context) -> Response:
        return templates.TemplateResponse(request, name, {"user": user, **context})

    @app.exception_handler(StarletteHTTPException)
    async def _refused(request: Request, exc: StarletteHTTPException) -> Response:
        """A person in a browser gets a page saying why; a script gets JSON."""
        if "text/html" in request.headers.get("accept", ""):
            return templates.TemplateResponse(request, "error.html",
                                              {"user": None, "status": exc.status_code,
                                               "message": exc.detail}, status_code=exc.status_code,
                                              headers=exc.headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)

    # --- login ---------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/", error: str = "") -> Response:  # noqa: A002
        import secrets

        token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(24)
        response = page(request, "login.html", None, next=auth.safe_target(next), error=error,
                        csrf=token)
        set_cookie(response, LOGIN_CSRF, token)
        return response

    @app.post("/login")
    def login(request: Request, username: Annotated[str, Form()],
              password: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
              next: Annotated[str, Form()] = "/") -> Response:  # noqa: A002
        # login CSRF: the form's token must match the cookie set with the form
        if not auth.csrf_ok(request.cookies.get(LOGIN_CSRF, ""), csrf):
            raise HTTPException(403, "登录表单已过期，请刷新页面后重试。")
        address = request.client.host if request.client else "?"
        keys = [f"addr:{address}", f"name:{username[:auth.MAX_NAME].casefold()}"]
        at = time.monotonic()
        wait = throttle.wait_s(keys, at)
        if wait > 0:
            return JSONResponse({"detail": f"登录失败次数过多，请 {math.ceil(wait)} 秒后再试。"},
                                status_code=429, headers={"Retry-After": str(math.ceil(wait))})
        with store.session() as s:
            user = auth.verify_login(s, username, password)
            if user is None:
                throttle.failed(keys, at)
                auth.audit(s, username, "login-failed", detail=f"来自 {address}")
                return RedirectResponse("/login?error=1", status_code=303)
            token = auth.open_session(s, user, settings.web_session_hours)
            auth.audit(s, user.username, "login")
        throttle.succeeded(keys)
        response = RedirectResponse(auth.safe_target(next), status_code=303)
        set_cookie(response, auth.COOKIE, token, max_age=settings.web_session_hours * 3600)
        response.delete_cookie(LOGIN_CSRF)
        return response

    protected = APIRouter(dependencies=[Depends(current_user)])

    @protected.post("/logout")
    def logout(request: Request, user: Changer) -> Response:
        with store.session() as s:
            auth.close_session(s, request.cookies.get(auth.COOKIE))
            auth.audit(s, user.username, "logout")
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(auth.COOKIE)
        return response

    # --- applicants ------------------------------------------------------------------
    Filters = Annotated[views.ListFilters, Depends()]

    @protected.get("/", response_class=HTMLResponse)
    def index(request: Request, user: User_, f: Filters) -> Response:
        with store.session() as s:
            rows = f.rows(s)
            choices = views.filter_values(s)
            recent = list(s.scalars(select(UploadJob).filter_by(username=user.username)
                                    .order_by(UploadJob.id.desc()).limit(5)))
        return page(request, "index.html", user, rows=rows, choices=choices, recent=recent,
                    f=f, query=request.url.query, max_mb=settings.web_max_upload_mb)

    @protected.get("/applicants/{applicant_id}", response_class=HTMLResponse)
    def applicant(request: Request, applicant_id: int, user: User_) -> Response:
        with store.session() as s:
            row = s.get(Applicant, applicant_id)
            if row is None:
                raise HTTPException(404, "没有这个申请单位。")
            versions = views.applicant_versions(s, applicant_id)
        return page(request, "applicant.html", user, applicant=row, versions=versions)

    def _result(s, result_id: int) -> ResultRow:  # noqa: ANN001
        row = s.get(ResultRow, result_id)
        if row is None:
            raise HTTPException(404, "没有这个检查结果。")
        return row

    @protected.get("/results/{result_id}", response_class=HTMLResponse)
    def result_page(request: Request, result_id: int, user: User_) -> Response:
        with store.session() as s:
            row = _result(s, result_id)
            packet = s.get(PacketRow, row.packet_id)
            reviews = list(s.scalars(select(Review).filter_by(packet_id=packet.id)))
        result = views.current_result(row, settings)
        return page(request, "result.html", user, row=row, packet=packet, result=result,
                    reviews=reviews)

    def _report_file(row: ResultRow, name: str) -> Path:
        folder = Path(row.report_dir or "")
        path = (folder / name).resolve()
        if not row.report_dir or folder.resolve() not in path.parents or not path.is_file():
            raise HTTPException(404, "报告文件不存在。")
        return path

    @protected.get("/results/{result_id}/report.html", response_class=HTMLResponse)
    def report_html(result_id: int, user: User_) -> Response:
        from pipeline.forms.edition import load_edition
        from pipeline.outputs.report import to_html

        with store.session() as s:
            row = _result(s, result_id)
        result = views.current_result(row, settings)
        images = {d.crop: f"/results/{result_id}/{d.crop}" for d in result.deficiencies
                  if d.crop}
        return HTMLResponse(to_html(result, images, load_edition(settings.forms_edition)))

    @protected.get("/results/{result_id}/evidence/{name}")
    def evidence(result_id: int, name: str, user: User_) -> Response:
        with store.session() as s:
            row = _result(s, result_id)
        return FileResponse(_report_file(row, f"evidence/{name}"))

    @protected.get("/results/{result_id}/report.json")
    def report_json(result_id: int, user: User_) -> Response:
        with store.session() as s:
            row = _result(s, result_id)
        return Response(views.current_result(row, settings).model_dump_json(indent=2),
                        media_type="application/json")

    @protected.get("/results/{result_id}/notice.docx")
    def notice(result_id: int, user: User_) -> Response:
        from pipeline.outputs.notice import write_notice

        with store.session() as s:
            row = _result(s, result_id)
            auth.audit(s, user.username, "download-notice", f"result {result_id}")
        result = views.current_result(row, settings)
        target = Path(tempfile.mkdtemp(prefix="yushen-notice-")) / "补正通知书.docx"
        write_notice(result, target, settings)
        name = f"补正通知书-{result.applicant or result.packet}.docx"
        return FileResponse(target, filename=name, media_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            background=_removed(target.parent))

    @protected.get("/summary.xlsx")
    def summary_xlsx(user: User_, f: Filters) -> Response:
        from pipeline.outputs.report import write_summary_xlsx

        with store.session() as s:
            rows = f.rows(s)
        sheet = []
        for r in rows:
            if r.latest is None:
                continue
            result = views.current_result(r.latest, settings)
            top = [f"{d.rule_id} {d.message}" for d in result.deficiencies
                   if d.severity in ("error", "warning") and not d.waived][:3]
            sheet.append({"packet": result.packet, "applicant": result.applicant,
                          "scheme": result.scheme, "category": result.category,
                          "level": result.level, "verdict": result.verdict, **result.counts,
                          "top": top, "report": f"/results/{r.latest.id}"})
        target = Path(tempfile.mkdtemp(prefix="yushen-summary-")) / "summary.xlsx"
        write_summary_xlsx(sheet, target)
        return FileResponse(target, filename=f"预审汇总-{dt.date.today()}.xlsx", media_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            background=_removed(target.parent))

    # --- reviewer actions ---------------------------------------------------------------
    @protected.post("/results/{result_id}/waive")
    def waive(result_id: int, user: Annotated[auth.LoggedIn, Depends(reviewer)],
              deficiency: Annotated[str, Form()], reason: Annotated[str, Form()]) -> Response:
        if not reason.strip():
            raise HTTPException(400, "请填写豁免理由。")
        with store.session() as s:
            row = _result(s, result_id)
        result = views.current_result(row, settings)
        item = next((d for d in result.deficiencies if d.id == deficiency), None)
        if item is None:
            raise HTTPException(404, "报告中没有这一项问题。")
        key = applicant_key(result.applicant, result.digest)
        if key is None:
            raise HTTPException(400, "该结果未识别申请单位，也没有材料内容摘要，无法豁免；请重新检查后再豁免。")
        Decisions(settings).waive(key, deficiency, reason.strip(), user.display_name)
        with store.session() as s:
            auth.audit(s, user.username, "waive", f"result {result_id} / {deficiency}",
                       f"{item.rule_id} {item.message}｜理由：{reason.strip()}")
        return RedirectResponse(f"/results/{result_id}#d-{deficiency}", status_code=303)

    @protected.post("/packets/{packet_id}/reviewed")
    def mark_reviewed(packet_id: int, user: Annotated[auth.LoggedIn, Depends(reviewer)],
                      note: Annotated[str, Form()] = "", back: Annotated[str, Form()] = "/"
                      ) -> Response:
        with store.session() as s:
            if s.get(PacketRow, packet_id) is None:
                raise HTTPException(404, "没有这个材料包。")
            s.add(Review(packet_id=packet_id, by=user.display_name, note=note.strip() or None))
            auth.audit(s, user.username, "reviewed", f"packet {packet_id}", note.strip() or None)
        return RedirectResponse(auth.safe_target(back), status_code=303)

    # --- uploads ---------------------------------------------------------------------
    @protected.post("/upload")
    async def upload(request: Request, user: Changer) -> Response:
        """The body is read as it arrives and counted, chunked or not: past the limit the
        request is refused (413) before the rest is read; files go to disk off the event
        loop; the check waits in the one bounded queue."""
        too_big = f"材料包超过 {settings.web_max_upload_mb} MB 上限，未接收。"
        limit = settings.web_max_upload_mb * 1024 * 1024 + 1024 * 1024  # the form's own bytes
        # a refusal closes the connection: else the server would read, and drop, the rest
        closing = {"Connection": "close"}
        if int(request.headers.get("content-length") or 0) > limit:
            raise HTTPException(413, too_big, headers=closing)
        if queue.full():
            raise HTTPException(503, "待检查的材料包已满，请稍后再上传。", headers=closing)
        try:
            form = await jobs.read_form(request, limit, too_big)
        except jobs.UploadRejected as exc:
            return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=closing)
        files = [(f.filename or "", f.file) for f in form.getlist("files")
                 if hasattr(f, "filename")]
        try:
            token = await run_in_threadpool(jobs.save_upload, settings, user.username, files)
        except jobs.UploadRejected as exc:
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        finally:
            await form.close()
        queue.wake()
        return JSONResponse({"job": token, "url": f"/jobs/{token}"})

    def _job(s, token: str, user: auth.LoggedIn) -> UploadJob:  # noqa: ANN001
        job = s.scalar(select(UploadJob).filter_by(token=token))
        if job is None or (job.username != user.username and not user.may_review):
            raise HTTPException(404, "没有这个上传任务。")
        return job

    @protected.get("/jobs/{token}", response_class=HTMLResponse)
    def job_page(request: Request, token: str, user: User_) -> Response:
        with store.session() as s:
            job = _job(s, token, user)
        return page(request, "job.html", user, job=job)

    @protected.get("/jobs/{token}/status")
    def job_status(token: str, user: User_) -> Response:
        with store.session() as s:
            job = _job(s, token, user)
            return JSONResponse({"status": job.status, "stage": job.stage,
                                 "done": job.done_steps, "total": job.total_steps,
                                 "error": job.error,
                                 "result": f"/results/{job.result_id}" if job.result_id else None})

    # --- accounts and the record ----------------------------------------------------------
    @protected.get("/users", response_class=HTMLResponse)
    def users_page(request: Request, user: User_, error: str = "") -> Response:
        if user.role != "admin":
            raise HTTPException(403, "只有管理员可以管理账号。")
        with store.session() as s:
            people = list(s.scalars(select(User).order_by(User.id)))
        return page(request, "users.html", user, people=people, error=error)

    @protected.post("/users")
    def add_user(user: Annotated[auth.LoggedIn, Depends(admin)],
                 username: Annotated[str, Form()], password: Annotated[str, Form()],
                 role: Annotated[str, Form()], display_name: Annotated[str, Form()] = ""
                 ) -> Response:
        try:
            with store.session() as s:
                auth.add_user(s, username.strip(), password, role, display_name.strip() or None)
                auth.audit(s, user.username, "add-user", username.strip(), role)
        except auth.AccountError as exc:
            from urllib.parse import quote

            return RedirectResponse(f"/users?error={quote(str(exc))}", status_code=303)
        return RedirectResponse("/users", status_code=303)

    @protected.post("/users/{user_id}/deactivate")
    def deactivate(user_id: int, user: Annotated[auth.LoggedIn, Depends(admin)]) -> Response:
        with store.session() as s:
            person = s.get(User, user_id)
            if person is None or person.id == user.user_id:
                raise HTTPException(400, "不能停用这个账号。")
            person.active = False
            auth.audit(s, user.username, "deactivate-user", person.username)
        return RedirectResponse("/users", status_code=303)

    @protected.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request, user: User_) -> Response:
        if not user.may_review:
            raise HTTPException(403, "只有审核人员和管理员可以查看操作记录。")
        with store.session() as s:
            entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                                     .limit(500)))
        return page(request, "audit.html", user, entries=entries)

    app.include_router(protected)
    return app
