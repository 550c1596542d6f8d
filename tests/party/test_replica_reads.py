"""Report reads go to the read replica when one is configured; writes and other reads
stay on the primary (docs/deployment.md)."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests.conftest import scope_of
from tests.core.test_api import bearer
from zugong.core.models import Person
from zugong.dbrouter import ReplicaRouter, reporting_reads
from zugong.party import selectors

# Committed rows: the replica is a connection of its own and sees what is committed.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_reads(settings):
    settings.ZUGONG_REPLICA_READS = True


@pytest.fixture(autouse=True)
def _close_replica():
    """The replica is a connection of its own: close it, or PostgreSQL refuses to drop
    the test database at the end of the run."""
    yield
    connections["replica"].close()


def test_the_router_sends_only_report_reads_to_the_replica(replica_reads):
    router = ReplicaRouter()
    assert router.db_for_read(Person) == "default"
    assert router.db_for_write(Person) == "default"
    with reporting_reads():
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_write(Person) == "default"
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is True


def test_without_a_replica_everything_stays_on_the_primary(settings):
    settings.ZUGONG_REPLICA_READS = False
    with reporting_reads():
        assert ReplicaRouter().db_for_read(Person) == "default"


def test_the_cockpit_reads_from_the_replica_and_the_list_from_the_primary(members, replica_reads):
    cast = members
    with (
        scope_of(cast.officer_a),
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        figures = selectors.cockpit_figures(dt.date(2026, 11, 23))
    assert figures["members"] == 2  # the replica mirrors the primary's rows, scope applied
    assert any("party_member" in q["sql"] for q in on_replica.captured_queries)
    assert not any("party_member" in q["sql"] for q in on_primary.captured_queries)

    client = bearer(cast.officer_a)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/api/v1/party/members").json()["count"] == 2
    assert on_replica.captured_queries == []
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/api/v1/party/cockpit").json()["members"] == 2
    assert on_replica.captured_queries
    # Another township's officer gets nothing from the replica either.
    assert bearer(cast.officer_b).get("/api/v1/party/cockpit").json()["members"] == 0


def test_the_compliance_report_reads_from_the_replica(members, replica_reads):
    cast = members
    with (
        scope_of(cast.admin),
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        rows = selectors.compliance(
            dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 6, 15)
        )
    assert rows
    assert len(on_replica.captured_queries) == 3


def test_check_replica_refuses_what_is_not_a_following_standby(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.ZUGONG_REPLICA_READS = False
    with pytest.raises(CommandError, match="未配置只读副本"):
        call_command("check_replica")
    settings.ZUGONG_REPLICA_READS = True
    # Here the replica alias mirrors the test database itself: not a standby.
    expected = "不是备库" if connections["replica"].vendor == "postgresql" else "须为 PostgreSQL"
    with pytest.raises(CommandError, match=expected):
        call_command("check_replica")
