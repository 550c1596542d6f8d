"""Helpers of the tests of the grassroots API's further operations (test_api_more_*)."""

from __future__ import annotations

from tests.core.test_api import bearer

__all__ = ["bearer", "post", "put", "refused"]


def post(api, url: str, body: dict | None = None):
    return api.post(url, body or {}, content_type="application/json")


def put(api, url: str, body: dict):
    return api.put(url, body, content_type="application/json")


def refused(response, field: str, words: str) -> str:
    """A 400 in the one error shape, naming ``field``, its Chinese message containing
    ``words``; returns the message."""
    assert response.status_code == 400, response.content
    body = response.json()
    details = {d["field"]: d["message"] for d in body["details"]}
    assert field in details, body
    assert words in details[field], body
    return details[field]
