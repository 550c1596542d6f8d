"""Every page of zhibu, lingdao, xitong, anquan, shenji in Chromium (see tests/core/browser_walk.py)."""

import pytest

from tests.core.browser_walk import walk_roles
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]


@pytest.mark.django_db(transaction=True)
def test_every_page_of_others(browser, live_server, capsys):  # noqa: F811
    figures = walk_roles(
        browser, live_server, capsys, ["zhibu", "lingdao", "xitong", "anquan", "shenji"]
    )
    assert min(figures.values()) > 5
