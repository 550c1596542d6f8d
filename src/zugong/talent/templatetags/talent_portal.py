"""Template filters of the talent portal: each application's steps."""

from django import template

from zugong.talent.portal import progress

register = template.Library()
register.filter("cert_steps", progress.certification_steps)
register.filter("card_steps", progress.card_steps)
register.filter("request_steps", progress.request_steps)
register.filter("housing_steps", progress.housing_steps)
