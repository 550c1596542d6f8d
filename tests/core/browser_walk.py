"""Every page of every demo role, in Chromium (issue 12; the tests are in
test_browser_roles_*.py, split so that both test workers share them): each demo account
signs in and walks every page its menu offers, one detail page of each list and every page the
buttons of those pages lead to. Every page offered answers 200 (a button that leads to a
403 or 404 is a defect: the user was offered what they may not do), shows no English
interface word and, for the branch secretary, who works from a phone, fits 390 px
without sideways scrolling. The pages visited are printed per role for the record."""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command

from tests.conftest import PASSWORD

# Any Latin word a user could read: a run of letters, digits and signs is one token, and
# a token of three letters or more with no digit is a word (digests such as "3adf09"
# and versions are not words). Allowed: the names of formats and standards that Chinese
# offices write in Latin letters themselves, and data that is Latin by nature: login
# names and role codes (added per district), and the browser names a login record keeps.
TOKEN = re.compile(r"[A-Za-z0-9_\-./]+")
WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED_WORDS = {
    *(
        "PDF",
        "LRMX",
        "lrmx",
        "xlsx",
        "xls",
        "zip",
        "Excel",
        "Word",
        "docx",
        "txt",
        "API",
        "TOTP",
        "SM4",
        "SM3",
    ),
    *("JPEG", "PNG", "JPG"),
    # User-Agent strings in the security administrator's login records.
    *("Mozilla", "Linux", "AppleWebKit", "KHTML", "like", "Gecko", "HeadlessChrome"),
    *("Chrome", "Safari", "Windows", "Win64"),
}

# Links that are not pages to look at: signing out, deleting, downloading files, the
# API documents and the pages that start work (exports, prints) rather than show it.
SKIP = re.compile(
    r"/logout/|/delete/|/download|/attachment/|/export|/print|/lrmx/$|/template[/-]|"
    r"/form\.pdf|/api/|/static/|/media/|/jsi18n/|/autocomplete/|/verify/"
)
# One page per URL shape: the first row of a list stands for all rows.
NUMBER = re.compile(r"/\d+/")
# What the walk may visit per role at most: enough for every page, bounded if a page
# starts to link to endless variants.
LIMIT = 700

PHONE_ROLES = {"zhibu"}

# What the user reads: the rendered text (hidden parts excluded), without the icon
# ligatures (Material Symbols names such as "account_tree" drawn as icons).
VISIBLE_TEXT = """() => {
  const style = document.createElement('style');
  style.textContent = '.material-symbols-outlined { display: none !important; }';
  document.head.appendChild(style);
  const text = document.body.innerText;
  style.remove();
  return text;
}"""
LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => a.offsetParent !== null || a.closest('#nav-sidebar, nav, aside'))
  .map(a => a.getAttribute('href'))"""


# The elements reaching past the window's right edge outside any scrolling box.
WIDE = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.right <= window.innerWidth) return false;
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return false;
  }
  return true;
}).slice(0, 5).map(e => e.tagName + '.' + String(e.className).slice(0, 60))"""


def _shape(path: str) -> str:
    return NUMBER.sub("/<id>/", path)


def _english(text: str, allowed: set[str]) -> list[str]:
    words = set()
    for token in TOKEN.findall(text):
        if any(ch.isdigit() for ch in token):
            continue
        words.update(w for w in WORD.findall(token) if w not in allowed)
    return sorted(words)


def data_words() -> set[str]:
    """Login names and role codes of the district: Latin by the operators' choice."""
    from zugong.core.models import Role, User

    words = set(ALLOWED_WORDS)
    for text in [
        *User.objects.values_list("username", flat=True),
        *Role.objects.values_list("code", flat=True),
    ]:
        words.update(WORD.findall(text))
    return words


def walk(
    page, base: str, username: str, phone: bool, allowed: set[str]
) -> tuple[list[str], list[str]]:
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    queue, seen_shapes, visited, problems = ["/admin/"], set(), [], []
    while queue and len(visited) < LIMIT:
        path = queue.pop(0)
        shape = _shape(path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(base + path, wait_until="domcontentloaded")
        visited.append(path)
        status = response.status if response else 0
        if status != 200:
            problems.append(f"{username} {path}: {status}")
            continue
        english = _english(page.evaluate(VISIBLE_TEXT), allowed)
        if english:
            problems.append(f"{username} {path}: English {english[:12]}")
        if phone:
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if width > 0:
                wide = page.evaluate(WIDE)
                problems.append(f"{username} {path}: {width}px sideways at 390 px: {wide}")
        for href in page.evaluate(LINKS):
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc or not target.path.startswith("/admin/"):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if SKIP.search(link) or _shape(target.path) in seen_shapes:
                continue
            queue.append(target.path)
    return visited, problems


def walk_roles(browser, live_server, capsys, roles: list[str]) -> dict[str, int]:
    """Build the demo district, walk every page of each role; fail on any problem."""
    call_command("demo", "--persons", "300")
    capsys.readouterr()
    allowed = data_words()
    problems, figures = [], {}
    for username in roles:
        phone = username in PHONE_ROLES
        context = browser.new_context(
            viewport={"width": 390, "height": 844} if phone else {"width": 1400, "height": 900},
            timezone_id="Europe/Berlin",  # a browser outside UTC+8 sees Beijing time too
        )
        page = context.new_page()
        started = time.monotonic()
        visited, found = walk(page, live_server.url, username, phone, allowed)
        context.close()
        figures[username] = len(visited)
        problems.extend(found)
        with capsys.disabled():
            print(f"\n{username}: {len(visited)} pages in {time.monotonic() - started:.0f} s")
            for line in found:
                print(f"PROBLEM {line}")
    assert problems == []
    return figures
