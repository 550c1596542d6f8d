"""The talent module's back office. Each area's module registers its ModelAdmins and its
own sidebar group (zugong.core.admin.site.register_sidebar_group, orders 40–49)."""

from zugong.talent.admin import (  # noqa: F401
    accounts,
    card,
    certification,
    contact,
    cooperation,
    housing,
    pool,
)
