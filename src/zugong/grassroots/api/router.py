"""The router every area of the grassroots API adds its routes to (/api/v1/grassroots/)."""

from ninja import Router

router = Router(tags=["基层党建"])
