"""Test settings: the real settings with a fast password hasher and the immediate task backend."""

from zugong.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
AXES_FAILURE_LIMIT = 5

# Live-server threads must not keep connections open past the test (PostgreSQL would
# then refuse to drop the test database).
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = 0

# A replica alias mirroring the test database, so the report routing is exercised
# (tests/core/test_dbrouter.py turns the routing on; elsewhere reads stay on default).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
ZUGONG_REPLICA_READS = False
