"""The router every module of the party API adds its routes to."""

from ninja import Router

router = Router(tags=["党员"])
