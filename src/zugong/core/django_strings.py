"""Django's own interface strings that its Chinese catalog does not translate yet.

Listed here so that makemessages keeps them in our catalog (LOCALE_PATHS comes before
Django's own), where their Chinese lives; nothing imports this module at run time.
"""

from django.utils.translation import gettext_noop

STRINGS = (
    # Django 6.1's blank choice of every select (django.db.models.fields.BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
)
