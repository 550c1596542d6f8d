"""The router every area of the work plan API adds its routes to (/api/v1/workplan/)."""

from ninja import Router

router = Router(tags=["工作要点台账"])
