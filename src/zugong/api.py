"""The API under /api/v1/: authentication, the one error shape, and the routers."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from zugong.cadres.api import router as cadres_router
from zugong.core import audit
from zugong.core import scope as scope_module
from zugong.core.api import router as core_router
from zugong.core.errors import ApplicationError
from zugong.core.middleware import client_ip
from zugong.core.services.access import get_access, token_user
from zugong.party.api import router as party_router


class SessionAuth(APIKeyCookie):
    """The back office's session cookie, with CSRF checked on writes."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        if request.user.is_authenticated and request.user.is_active:
            return request.user
        return None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer zg_…`` issued in the back office (我的接口令牌)."""

    def authenticate(self, request, token):
        user = token_user(token)
        if user is None:
            return None
        request.user = user
        request.access = get_access(user)
        scope_module.replace(request.access.base_scope())
        audit.replace_actor(user, client_ip(request))
        return user


api = NinjaAPI(
    title="组工信息系统接口",
    version="1",
    description="数据范围与后台一致：只返回当前用户所辖组织及其下级的数据。错误统一为 {code, message, details}。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)

# Pydantic's error types, in Chinese.
PYDANTIC_MESSAGES = {
    "missing": "必须填写",
    "extra_forbidden": "不允许的字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "string_type": "应为字符串",
    "date_from_datetime_parsing": "应为日期，格式如2023-07-01",
    "date_parsing": "应为日期，格式如2023-07-01",
    "date_type": "应为日期，格式如2023-07-01",
    "bool_parsing": "应为true或false",
    "json_invalid": "不是有效的JSON",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "uuid_parsing": "不是有效的编号",
}


def error(request, status: int, code: str, message: str, details=None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or []}, status=status
    )


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    return error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    details = []
    for item in exc.errors:
        location = [
            str(part)
            for part in item.get("loc", [])
            if part not in ("body", "payload", "query", "filters", "path")
        ]
        field = ".".join(location)
        reason = PYDANTIC_MESSAGES.get(item.get("type", ""), _("格式不正确"))
        details.append({"field": field, "message": f"{field}：{reason}" if field else reason})
    message = (
        _("请求有%(n)d处错误：%(first)s") % {"n": len(details), "first": details[0]["message"]}
        if details
        else _("请求格式不正确")
    )
    return error(request, 422, "validation_error", message, details)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", _("对象不存在，或不在您的数据范围内"))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error(request, 401, "unauthenticated", _("未登录，或接口令牌无效、已过期"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, exc.status_code, "http_error", str(exc))


@api.get("/health", auth=None, tags=["系统"], summary="健康检查")
def health(request):
    return {"status": "ok"}


api.add_router("/", core_router)
api.add_router("/party/", party_router)
api.add_router("/cadres/", cadres_router)
