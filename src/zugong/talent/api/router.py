"""The router every area of the talent API adds its routes to (/api/v1/talent/)."""

from ninja import Router

router = Router(tags=["人才工作"])
