"""The pages a user sees when something goes wrong: 400, 403, 404, 500 and a refused
CSRF check, in Chinese and in the back office's look (django-unfold's styles, served
from the app's own static files).

Nothing technical reaches the page: no exception text, no path of a template, no
setting. What went wrong is logged instead. Under /api/ the same refusals are answered
in the API's error shape ({"code", "message", "details"}).

The 500 page reads nothing but settings: no database, no session, no user, so it still
renders when the database is the thing that failed.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def chrome(request=None) -> dict:
    """Unfold's look without the admin site: colours, style sheets and titles from
    ``settings.UNFOLD``. Reads no database; if anything here fails, the page falls back
    to unfold's default colours rather than failing itself."""
    try:
        from unfold.settings import get_config
        from unfold.utils import convert_color

        config = get_config()
        colors = {
            name: {weight: convert_color(value) for weight, value in weights.items()}
            for name, weights in (config.get("COLORS") or {}).items()
            if isinstance(weights, dict)
        }
        styles = [
            style(request) if callable(style) else style for style in config.get("STYLES") or []
        ]
        return {
            "colors": colors,
            "styles": styles,
            "site_title": str(config.get("SITE_TITLE") or _("组工信息系统")),
            "site_subheader": str(config.get("SITE_SUBHEADER") or ""),
            "site_url": config.get("SITE_URL") or "/",
            "theme": config.get("THEME"),
            "border_radius": config.get("BORDER_RADIUS"),
        }
    except Exception:  # the error page must not fail for want of its colours
        logger.exception("error page: unfold settings could not be read")
        return {"site_title": _("组工信息系统"), "site_url": "/"}


def _is_api(request) -> bool:
    return bool(request is not None and getattr(request, "path", "").startswith(API_PREFIX))


def _api_answer(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "details": []},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _page(request, status: int, template: str, context: dict) -> HttpResponse:
    body = loader.render_to_string(template, {**chrome(request), **context}, request=request)
    return HttpResponse(body, status=status)


def user_message(exception) -> str:
    """The exception's own message only when it was written for the user (an
    ApplicationError carries a Chinese message); never the text of anything else."""
    if isinstance(exception, ApplicationError) and exception.message:
        return exception.message
    return ""


def bad_request(request, exception=None, template_name="400.html"):
    logger.warning("400 %s: %r", getattr(request, "path", ""), exception)
    message = _("请求无法处理：地址或提交的内容不正确。请从系统首页重新进入。")
    if _is_api(request):
        return _api_answer(400, "bad_request", message)
    return _page(
        request,
        400,
        template_name,
        {"title": _("请求有误"), "code": 400, "message": message, "icon": "error"},
    )


def permission_denied(request, exception=None, template_name="403.html"):
    message = user_message(exception) or _("您没有访问此页面的权限。")
    if _is_api(request):
        return _api_answer(403, "forbidden", message)
    return _page(
        request,
        403,
        template_name,
        {
            "title": _("没有权限"),
            "code": 403,
            "message": message,
            "hint": _("如需此权限，请联系本单位的系统管理员或安全管理员。"),
            "icon": "block",
        },
    )


def page_not_found(request, exception=None, template_name="404.html"):
    message = user_message(exception) or _("您访问的页面不存在，或所查找的内容不在您的数据范围内。")
    if _is_api(request):
        return _api_answer(404, "not_found", _("接口或对象不存在，或不在您的数据范围内"))
    return _page(
        request,
        404,
        template_name,
        {
            "title": _("页面不存在"),
            "code": 404,
            "message": message,
            "hint": _("请检查网址，或从系统首页重新进入。"),
            "icon": "search_off",
        },
    )


# The last resort when even the 500 template cannot be rendered.
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8">'
    '<title>系统出错</title></head><body style="font-family:sans-serif;padding:3rem">'
    "<h1>系统出错</h1><p>服务器处理请求时出错，已记录在系统日志中。请稍后再试；"
    '如果问题持续出现，请联系系统管理员。</p><p><a href="/">返回首页</a></p></body></html>'
)


def server_error(request=None, template_name="500.html"):
    """Reads settings only: the request, its session and the database are not touched."""
    message = _(
        "服务器处理请求时出错，已记录在系统日志中。请稍后再试；如果问题持续出现，请联系系统管理员。"
    )
    if _is_api(request):
        return _api_answer(500, "server_error", message)
    try:
        body = loader.get_template(template_name).render(
            {**chrome(), "title": _("系统出错"), "code": 500, "message": message}
        )
    except Exception:
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponse(body, status=500)


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    """CSRF_FAILURE_VIEW: the form came from a stale page or without its cookie."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER

    logger.warning("CSRF check failed on %s: %s", getattr(request, "path", ""), reason)
    if reason in (REASON_NO_CSRF_COOKIE, REASON_NO_REFERER):
        hint = _(
            "浏览器没有发送本系统的Cookie或来源信息。请允许本网站使用Cookie，然后刷新页面重试。"
        )
    else:
        hint = _("请返回上一页，刷新后重新提交；如果长时间未操作，请重新登录。")
    message = _("页面已过期或表单来源无法验证，为了安全，本次提交未被接受。")
    if _is_api(request):
        return _api_answer(403, "csrf_failed", message)
    return _page(
        request,
        403,
        template_name,
        {
            "title": _("提交未被接受"),
            "code": 403,
            "message": message,
            "hint": hint,
            "icon": "gpp_maybe",
        },
    )
