"""Settings for zugong, read from environment variables.

Development (the default) runs on an embedded SQLite database with fixed, public
development keys. Production (ZUGONG_ENV=production) refuses to start without a
secret key and the field-encryption keys; see docs/operations.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from zugong.env import database_from_url, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ZUGONG_DATA_DIR", str(Path.cwd() / "var"))).resolve()

ENVIRONMENT = env_str("ZUGONG_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("ZUGONG_DEBUG", not PRODUCTION)

# Development keys are public (they are in this file): never use them for real data.
_DEV_SECRET = "zugong-development-secret-key-do-not-use-in-production-0123456789"
_DEV_SM4 = "1:0123456789abcdeffedcba9876543210"
_DEV_HMAC = "7a7567676f6e672d646576656c6f706d656e742d686d61632d6b65792d303031"

SECRET_KEY = env_str("ZUGONG_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY:
    raise ImproperlyConfigured("ZUGONG_SECRET_KEY must be set in production")

ALLOWED_HOSTS = env_list("ZUGONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ZUGONG_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the bundled Swagger UI instead of loading it from a CDN
    "axes",
    # The TOTP device is zugong.core.TOTPDevice (its secret SM4-encrypted), not
    # django_otp.plugins.otp_totp's, which keeps it in clear.
    "django_otp",
    "django_tasks_db",
    "zugong.core",
    "zugong.party",
    "zugong.cadres",
    "zugong.grassroots",
    "zugong.talent",
    "zugong.workplan",
    "zugong.cockpit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before anything else is reached: enrol the second factor, change an old password.
    "zugong.core.two_factor.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zugong.core.middleware.ScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zugong.urls"
WSGI_APPLICATION = "zugong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "zugong.sqlite3",
            "OPTIONS": {
                # WAL lets the task worker write while pages are being read.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A streaming replica of the primary for report reads (docs/deployment.md); tests point
# it at the primary (MIRROR) so the routing is exercised without a second server.
REPLICA_URL = env_str("ZUGONG_REPLICA_URL")
if REPLICA_URL:
    DATABASES["replica"] = {
        **database_from_url(REPLICA_URL),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["zugong.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }

# Background jobs: Django's Tasks framework with the database backend; a worker runs
# beside `zugong serve` (or `zugong db_worker`). Tests use the immediate backend.
TASKS = {
    "default": {
        "BACKEND": env_str("ZUGONG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The broker-backed backend (ZUGONG_TASK_BACKEND=django_tasks_rq.RQBackend) queues on
# the Redis of ZUGONG_RQ_URL; run its workers with `zugong rqworker default`.
ZUGONG_RQ_URL = env_str("ZUGONG_RQ_URL", "redis://127.0.0.1:6379/0")
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": ZUGONG_RQ_URL, "DEFAULT_TIMEOUT": 3600}}

# Scheduled scans (zugong.core.schedule, docs/operations.md "定时扫描"): the scheduler
# beside `zugong serve` looks for due scans every ZUGONG_SCHEDULER_SECONDS (0 turns it
# off, for deployments that run `zugong scan --due` from a systemd timer or cron).
ZUGONG_SCHEDULER_SECONDS = env_int("ZUGONG_SCHEDULER_SECONDS", 60)
ZUGONG_SCAN_CATCH_UP_DAYS = env_int("ZUGONG_SCAN_CATCH_UP_DAYS", 7)
ZUGONG_SCAN_RETRY_MINUTES = env_int("ZUGONG_SCAN_RETRY_MINUTES", 30)
ZUGONG_SCAN_MAX_ATTEMPTS = env_int("ZUGONG_SCAN_MAX_ATTEMPTS", 3)
ZUGONG_SCAN_STALE_MINUTES = env_int("ZUGONG_SCAN_STALE_MINUTES", 180)
# The to-do list (zugong.core.todo) is recomputed by its scan every
# ZUGONG_TODO_REFRESH_MINUTES (0 turns the scan off).
ZUGONG_TODO_REFRESH_MINUTES = env_int("ZUGONG_TODO_REFRESH_MINUTES", 60)
# Notifications leave the system (SMS, mail) through this gateway; intranets often have
# neither, so the default only logs. Any class with deliver(message) will do.
ZUGONG_NOTIFY_GATEWAY = env_str("ZUGONG_NOTIFY_GATEWAY", "zugong.core.notify.LoggingGateway")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zugong.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]

# Login throttling and lock-out (django-axes): 5 failures lock the account for 30 minutes.
AXES_FAILURE_LIMIT = env_int("ZUGONG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ZUGONG_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP as well would lock a whole township office behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False

# Two-factor login (TOTP, django-otp; GB/T 22239-2019 8.1.4.1). "required": the roles
# marked 必须启用 (Role.two_factor) must enrol before using the system; "optional":
# nobody is forced, anyone may enrol. Production requires it, development and the demo
# do not unless ZUGONG_TWO_FACTOR=required (see docs/operations.md).
ZUGONG_TWO_FACTOR = env_str("ZUGONG_TWO_FACTOR", "required" if PRODUCTION else "optional")
if ZUGONG_TWO_FACTOR not in ("required", "optional"):
    raise ImproperlyConfigured("ZUGONG_TWO_FACTOR must be 'required' or 'optional'")
OTP_TOTP_ISSUER = env_str("ZUGONG_TOTP_ISSUER", "组工信息系统")
# Passwords older than this many days must be changed before going on (0: never).
ZUGONG_PASSWORD_MAX_AGE_DAYS = env_int("ZUGONG_PASSWORD_MAX_AGE_DAYS", 90 if PRODUCTION else 0)
# A password an administrator set (new account, reset) must be changed at the next login.
ZUGONG_PASSWORD_RESET_FORCES_CHANGE = env_bool("ZUGONG_PASSWORD_RESET_FORCES_CHANGE", True)

# Sessions expire after 30 idle minutes (every request renews the cookie).
SESSION_COOKIE_AGE = env_int("ZUGONG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused CSRF check answers a Chinese page, not Django's English one with its reason.
CSRF_FAILURE_VIEW = "zugong.core.error_pages.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("ZUGONG_HTTPS", True)
    CSRF_COOKIE_SECURE = env_bool("ZUGONG_HTTPS", True)
    SECURE_SSL_REDIRECT = env_bool("ZUGONG_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int(
        "ZUGONG_HSTS_SECONDS", 31536000 if env_bool("ZUGONG_HTTPS", True) else 0
    )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Parts of the site with their own password page (a talent on the portal is not staff
# and never reaches the back office's): path prefix → URL name.
ZUGONG_PASSWORD_CHANGE_PAGES = {"/talent/": "talent_portal:password"}

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["zugong.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Uploaded and generated files (DATA_DIR/media) are never served over HTTP: there is no
# MEDIA_URL route and whitenoise serves static files only; job results are downloaded
# through the audited job view (tests/core/test_uploads.py checks /media/ answers 404).

# Uploads holding personal data in clear (rosters, .lrmx previews under media/imports)
# are deleted when their job ends or their preview is confirmed; whatever is left is
# removed by `zugong clean_uploads` once older than these ages, and `zugong serve` runs
# that every ZUGONG_UPLOAD_CLEAN_MINUTES (see docs/operations.md).
ZUGONG_UPLOAD_MAX_AGE_HOURS = env_int("ZUGONG_UPLOAD_MAX_AGE_HOURS", 24)
ZUGONG_PREVIEW_MAX_AGE_MINUTES = env_int("ZUGONG_PREVIEW_MAX_AGE_MINUTES", 60)
ZUGONG_UPLOAD_CLEAN_MINUTES = env_int("ZUGONG_UPLOAD_CLEAN_MINUTES", 15)

# Field protection (SM4 encryption at rest, HMAC-SM3 lookup hashes). Keys are hex;
# ZUGONG_SM4_KEYS holds every key still needed to read old rows ("1:<hex>,2:<hex>"),
# ZUGONG_SM4_ACTIVE_KEY names the one new values are written with.
ZUGONG_SM4_KEYS = env_str("ZUGONG_SM4_KEYS", "" if PRODUCTION else _DEV_SM4)
ZUGONG_SM4_ACTIVE_KEY = env_str("ZUGONG_SM4_ACTIVE_KEY", "1")
ZUGONG_HMAC_KEY = env_str("ZUGONG_HMAC_KEY", "" if PRODUCTION else _DEV_HMAC)
if PRODUCTION and not (ZUGONG_SM4_KEYS and ZUGONG_HMAC_KEY):
    raise ImproperlyConfigured("ZUGONG_SM4_KEYS and ZUGONG_HMAC_KEY must be set in production")

# Party dues: the month the dues ledger starts (months before it are not counted as
# arrears; set it to the month the system went live).
ZUGONG_DUES_LEDGER_START = env_str("ZUGONG_DUES_LEDGER_START", "2026-01-01")

# Conventions the regulations leave open (see docs/development.md, "规则").
ZUGONG_PROBATION_END_DAY_BEFORE = env_bool("ZUGONG_PROBATION_END_DAY_BEFORE", False)
ZUGONG_ACTIVIST_MIN_MONTHS = env_int("ZUGONG_ACTIVIST_MIN_MONTHS", 0)
ZUGONG_TRANSFER_VALID_DAYS = env_int("ZUGONG_TRANSFER_VALID_DAYS", 90)
ZUGONG_POLITICAL_REVIEW_VALID_YEARS = env_int("ZUGONG_POLITICAL_REVIEW_VALID_YEARS", 1)
ZUGONG_LATE_STEP_REASON_REQUIRED = env_bool("ZUGONG_LATE_STEP_REASON_REQUIRED", True)
ZUGONG_COMMITTEE_BOUNDARY_INCLUSIVE = env_bool("ZUGONG_COMMITTEE_BOUNDARY_INCLUSIVE", True)
ZUGONG_DUES_BACKPAY_POLICY = env_str("ZUGONG_DUES_BACKPAY_POLICY", "warn")
ZUGONG_MAJOR_MATTER_REPLY_DAYS = env_int("ZUGONG_MAJOR_MATTER_REPLY_DAYS", 15)
# 任前公示: at least 5 working days (选拔任用工作条例); a district may run it longer.
ZUGONG_APPOINTMENT_NOTICE_DAYS = env_int("ZUGONG_APPOINTMENT_NOTICE_DAYS", 5)
ZUGONG_APPOINTMENT_NOTICE_DAY_KIND = env_str("ZUGONG_APPOINTMENT_NOTICE_DAY_KIND", "working")
if ZUGONG_APPOINTMENT_NOTICE_DAYS < 5 or ZUGONG_APPOINTMENT_NOTICE_DAY_KIND not in (
    "working",
    "calendar",
):
    raise ImproperlyConfigured(
        "ZUGONG_APPOINTMENT_NOTICE_DAYS must be at least 5 and "
        "ZUGONG_APPOINTMENT_NOTICE_DAY_KIND 'working' or 'calendar'"
    )
if ZUGONG_DUES_BACKPAY_POLICY not in ("warn", "refuse"):
    raise ImproperlyConfigured("ZUGONG_DUES_BACKPAY_POLICY must be 'warn' or 'refuse'")

# API tokens live this many days unless given another expiry.
ZUGONG_API_TOKEN_DAYS = env_int("ZUGONG_API_TOKEN_DAYS", 90)
ZUGONG_API_PAGE_SIZE = 20

UNFOLD = {
    "SITE_TITLE": _("组工信息系统"),
    "SITE_HEADER": _("组工信息系统"),
    "SITE_SUBHEADER": _("区委组织部"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "account_tree",
    "SHOW_HISTORY": False,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": False,
    "ENVIRONMENT": "zugong.core.admin.site.environment_badge",
    "DASHBOARD_CALLBACK": "zugong.core.admin.dashboard.dashboard_callback",
    "STYLES": [lambda request: static("core/zugong.css")],
    # The login form asks for the TOTP code of users who have enrolled a device.
    "LOGIN": {"form": "zugong.core.two_factor.forms.LoginForm"},
    # In the user menu beside 修改密码: enrol or replace the TOTP authenticator.
    "ACCOUNT": {"navigation": [{"title": _("双因素认证"), "link": "/account/two-factor/"}]},
    # Ctrl+K: the search across everything (core.search), within the user's scope.
    "COMMAND": {
        "search_models": False,
        "show_history": False,
        "search_callback": "zugong.core.search_views.palette_results",
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "zugong.core.admin.site.sidebar_navigation",
    },
    "COLORS": {
        # Party red as the primary colour (Tailwind's red scale, as OKLCH).
        "primary": {
            "50": "oklch(97.1% .013 17.38)",
            "100": "oklch(93.6% .032 17.717)",
            "200": "oklch(88.5% .062 18.334)",
            "300": "oklch(80.8% .114 19.571)",
            "400": "oklch(70.4% .191 22.216)",
            "500": "oklch(63.7% .237 25.331)",
            "600": "oklch(57.7% .245 27.325)",
            "700": "oklch(50.5% .213 27.518)",
            "800": "oklch(44.4% .177 26.899)",
            "900": "oklch(39.6% .141 25.723)",
            "950": "oklch(25.8% .092 26.042)",
        },
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZUGONG_LOG_LEVEL", "WARNING")},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
os.makedirs(DATA_DIR / "static", exist_ok=True)
AUTH_USER_MODEL = "core.User"
