"""`zugong serve --prod`: gunicorn workers, static files from whitenoise, no debug."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("ZUGONG_")
    }
    env.update(ZUGONG_DATA_DIR=str(tmp_path), **extra)
    return env


def test_prod_refuses_to_run_with_debug(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "zugong", "serve", "--prod", "--addr", "127.0.0.1:1"],
        env=_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "ZUGONG_ENV=production" in result.stderr


def test_prod_serves_the_api_and_static_files(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(
        tmp_path,
        ZUGONG_ENV="production",
        ZUGONG_HTTPS="false",
        ZUGONG_SECRET_KEY=secrets.token_hex(32),
        ZUGONG_SM4_KEYS="1:" + secrets.token_hex(16),
        ZUGONG_HMAC_KEY=secrets.token_hex(32),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zugong",
            "serve",
            "--prod",
            "--workers",
            "2",
            "--addr",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180  # migrations and boot on a busy CI machine
        while True:
            try:
                body = urllib.request.urlopen(f"{base}/api/v1/health", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("the production server did not answer") from None
                time.sleep(0.25)
        assert b'"ok"' in body
        css = urllib.request.urlopen(f"{base}/static/core/zugong.css", timeout=5)
        assert css.status == 200
        assert "max-age" in css.headers.get("Cache-Control", "")  # whitenoise, not Django
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
