"""The API under /api/v1/: authentication, the one error shape, and the routers."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, URLPattern, re_path, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from zugong.cadres.api import router as cadres_router
from zugong.cockpit.api import router as cockpit_router
from zugong.core import audit
from zugong.core import scope as scope_module
from zugong.core.api import router as core_router
from zugong.core.api_search import router as search_router
from zugong.core.api_todo import router as todo_router
from zugong.core.errors import ApplicationError
from zugong.core.middleware import client_ip
from zugong.core.services.access import get_access, token_user
from zugong.grassroots.api import router as grassroots_router
from zugong.party.api import router as party_router
from zugong.talent.api import router as talent_router
from zugong.workplan.api import router as workplan_router


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


class UnstorableText(Exception):
    """A string the database cannot store: a NUL character (PostgreSQL refuses it in
    text) or a lone surrogate (not UTF-8)."""

    def __init__(self, location: tuple):
        super().__init__(location)
        self.location = location


def refuse_unstorable(value, location: tuple = ()) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise UnstorableText(location)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UnstorableText(location) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_unstorable(key, location)
            refuse_unstorable(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_unstorable(item, (*location, index))


class CheckedParser(Parser):
    """django-ninja's parser, refusing text the database could not store, so that it is
    a 422 naming the field rather than a database error."""

    def parse_body(self, request):
        data = super().parse_body(request)
        refuse_unstorable(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        refuse_unstorable(result)
        return result


class ZugongAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/v1/ is in the error shape: an unknown path
    (404) and a method an operation does not offer (405) too, not Django's HTML or
    django-ninja's English text."""

    def _get_urls(self):
        patterns = [_json_not_allowed(p) for p in super()._get_urls()]
        # Last, so it only answers what no operation matched.
        patterns.append(re_path(r"^", csrf_exempt(self._unknown_path), name="unknown"))
        return patterns

    def _unknown_path(self, request, *args, **kwargs):
        # What Django's APPEND_SLASH did before this catch-all: a GET for an operation's
        # path without its closing slash is sent there.
        if settings.APPEND_SLASH and not request.path_info.endswith("/"):
            match = resolve_or_none(request.path_info + "/")
            if match is not None and match.url_name != "unknown":
                if request.method in ("GET", "HEAD"):
                    return HttpResponsePermanentRedirect(
                        request.get_full_path(force_append_slash=True)
                    )
                return error(
                    request,
                    404,
                    "not_found",
                    _("接口不存在；路径末尾应有“/”：%(path)s/") % {"path": request.path},
                )
        return error(request, 404, "not_found", _("接口不存在"))

    def validation_error_from_error_contexts(self, error_contexts):
        # django-ninja drops each error's input; keep whether it was null, so that a
        # null for a field that may not be null is named as such.
        nulls = [
            item.get("input", ...) is None
            for context in error_contexts
            for item in context.pydantic_validation_error.errors(include_url=False)
        ]
        exc = super().validation_error_from_error_contexts(error_contexts)
        for item, null in zip(exc.errors, nulls, strict=False):
            if null and item.get("type", "").endswith("_type"):
                item["type"] = "null_not_allowed"
        return exc


def resolve_or_none(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _json_not_allowed(pattern):
    """Wrap an operation's view so that its 405 comes in the error shape."""
    if not isinstance(pattern, URLPattern):
        return pattern
    view = pattern.callback

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = ", ".join(sorted(response["Allow"].split(", ")))
            response = error(
                request,
                405,
                "method_not_allowed",
                _("不支持的请求方法%(method)s，此接口支持：%(allowed)s")
                % {"method": request.method, "allowed": allowed},
            )
            response["Allow"] = allowed
        return response

    return URLPattern(pattern.pattern, wrapper, pattern.default_args, pattern.name)


api = ZugongAPI(
    title="组工信息系统接口",
    version="1",
    description="数据范围与后台一致：只返回当前用户所辖组织及其下级的数据。错误统一为 {code, message, details}。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=CheckedParser(),
)

# Pydantic's error types, in Chinese; %(…)s take the error's context (its bounds).
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("必须填写"),
    "null_not_allowed": gettext_lazy("不能为空值（null）"),
    "extra_forbidden": gettext_lazy("不允许的字段"),
    "int_parsing": gettext_lazy("应为整数"),
    "int_type": gettext_lazy("应为整数"),
    "int_from_float": gettext_lazy("应为整数"),
    "int_parsing_size": gettext_lazy("整数过大"),
    "float_parsing": gettext_lazy("应为数字"),
    "float_type": gettext_lazy("应为数字"),
    "finite_number": gettext_lazy("应为有限的数字"),
    "decimal_parsing": gettext_lazy("应为数字"),
    "decimal_type": gettext_lazy("应为数字"),
    "string_type": gettext_lazy("应为字符串"),
    "string_unicode": gettext_lazy("应为字符串"),
    "string_too_short": gettext_lazy("至少%(min_length)s个字符"),
    "string_too_long": gettext_lazy("最多%(max_length)s个字符"),
    "string_pattern_mismatch": gettext_lazy("格式不正确"),
    "date_from_datetime_parsing": gettext_lazy("应为日期，格式如2023-07-01"),
    "date_from_datetime_inexact": gettext_lazy("应为日期，格式如2023-07-01"),
    "date_parsing": gettext_lazy("应为日期，格式如2023-07-01"),
    "date_type": gettext_lazy("应为日期，格式如2023-07-01"),
    "datetime_parsing": gettext_lazy("应为日期时间，格式如2023-07-01T08:30:00"),
    "datetime_type": gettext_lazy("应为日期时间，格式如2023-07-01T08:30:00"),
    "bool_parsing": gettext_lazy("应为true或false"),
    "bool_type": gettext_lazy("应为true或false"),
    "dict_type": gettext_lazy("应为对象"),
    "model_type": gettext_lazy("应为对象"),
    "model_attributes_type": gettext_lazy("应为对象"),
    "list_type": gettext_lazy("应为数组"),
    "json_invalid": gettext_lazy("不是有效的JSON"),
    "json_type": gettext_lazy("不是有效的JSON"),
    "greater_than": gettext_lazy("应大于%(gt)s"),
    "greater_than_equal": gettext_lazy("不能小于%(ge)s"),
    "less_than": gettext_lazy("应小于%(lt)s"),
    "less_than_equal": gettext_lazy("不能大于%(le)s"),
    "too_short": gettext_lazy("至少%(min_length)s项"),
    "too_long": gettext_lazy("最多%(max_length)s项"),
    "literal_error": gettext_lazy("应为%(expected)s之一"),
    "enum": gettext_lazy("应为%(expected)s之一"),
    "uuid_parsing": gettext_lazy("不是有效的编号"),
    "uuid_type": gettext_lazy("不是有效的编号"),
    "is_instance_of": gettext_lazy("应上传文件"),
}


def pydantic_message(item) -> str:
    """One pydantic error, in Chinese."""
    template = PYDANTIC_MESSAGES.get(item.get("type", ""))
    if template is None:
        return _("格式不正确")
    try:
        return str(template) % item.get("ctx", {})
    except (KeyError, TypeError, ValueError):
        return _("格式不正确")


def error(request, status: int, code: str, message: str, details=None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or []}, status=status
    )


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    return error(request, exc.status, exc.code, exc.message, exc.details)


# Where django-ninja says a parameter came from, and the names of our operations'
# parameters that carry a whole schema: not part of the field's name.
PARAMETER_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
SCHEMA_PARAMETERS = {"payload", "filters"}


def field_location(location) -> list:
    parts = list(location)
    if parts and parts[0] in PARAMETER_SOURCES:
        parts = parts[1:]
    if parts and parts[0] in SCHEMA_PARAMETERS:
        parts = parts[1:]
    return parts


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    details = []
    for item in exc.errors:
        field = ".".join(str(part) for part in field_location(item.get("loc", ())))
        reason = pydantic_message(item)
        if item.get("type") == "null_not_allowed" and request.method == "PATCH":
            reason = _("%(reason)s；不修改此项请不要提交该字段") % {"reason": reason}
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


# django-ninja's own HttpErrors, which it raises in English, by status.
HTTP_ERRORS = {
    400: ("bad_request", gettext_lazy("请求体无法解析：请检查JSON格式或Content-Type")),
    401: ("unauthenticated", gettext_lazy("未登录，或接口令牌无效、已过期")),
    403: ("forbidden", gettext_lazy("没有权限执行此操作")),
    404: ("not_found", gettext_lazy("对象不存在，或不在您的数据范围内")),
    405: ("method_not_allowed", gettext_lazy("不支持的请求方法")),
    413: ("too_large", gettext_lazy("请求体过大")),
    429: ("too_many_requests", gettext_lazy("请求过于频繁，请稍后再试")),
}


@api.exception_handler(UnstorableText)
def on_unstorable_text(request, exc: UnstorableText):
    field = ".".join(str(part) for part in exc.location)
    reason = _("含有不允许的字符（NUL或不成对的代理字符）")
    detail = {"field": field, "message": f"{field}：{reason}" if field else reason}
    message = _("请求有%(n)d处错误：%(first)s") % {"n": 1, "first": detail["message"]}
    return error(request, 422, "validation_error", message, [detail])


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, UnstorableText):  # in a JSON body
        return on_unstorable_text(request, exc.__cause__)
    if exc.status_code == 403 and "CSRF" in str(exc):
        return error(
            request,
            403,
            "csrf_failed",
            _("CSRF校验失败：以会话登录调用写操作须带X-CSRFToken请求头，或改用接口令牌"),
        )
    code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", gettext_lazy("请求无法处理")))
    return error(request, exc.status_code, code, str(message))


@api.exception_handler(DjangoPermissionDenied)
def on_permission_denied(request, exc):
    return error(request, 403, "forbidden", _("没有权限执行此操作"))


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc):
    return error(
        request,
        400,
        "bad_request",
        _("上传的请求体无法解析：请以multipart/form-data（含boundary）提交文件"),
    )


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc):
    if isinstance(exc, RequestDataTooBig):
        return error(request, 413, "too_large", _("请求体过大"))
    return error(request, 400, "bad_request", _("请求无法处理：格式不正确或字段过多"))


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    """A fault of ours goes on to Django, as in the back office: logged with its
    traceback, and answered by handler500 (core.error_pages), in the error shape under
    /api/; django-ninja's own default would answer a plain-text traceback with DEBUG."""
    raise exc


@api.get("/health", auth=None, tags=["系统"], summary="健康检查")
def health(request):
    return {"status": "ok"}


api.add_router("/", core_router)
api.add_router("/party/", party_router)
api.add_router("/cadres/", cadres_router)
api.add_router("/grassroots/", grassroots_router)
api.add_router("/talent/", talent_router)
api.add_router("/workplan/", workplan_router)
api.add_router("/cockpit/", cockpit_router)
api.add_router("/", todo_router)
api.add_router("/search", search_router)
