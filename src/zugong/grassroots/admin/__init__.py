"""The grassroots module's back office. Each area's module registers its ModelAdmins and
its own sidebar group (zugong.core.admin.site.register_sidebar_group, orders 30–39)."""

from zugong.grassroots.admin import collective, organ, rating, twonew, urban  # noqa: F401
