"""Re-encrypt protected fields with the active SM4 key and recompute the keyed hashes.

See docs/operations.md: add the new key to ZUGONG_SM4_KEYS, make it active, run this,
then drop the old key. After changing ZUGONG_HMAC_KEY, run it with --rehash.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from zugong.core import crypto
from zugong.core.models import Person
from zugong.core.scope import system_scope


class Command(BaseCommand):
    help = "用当前启用的SM4密钥重新加密身份证号、电话和动态验证码密钥，并可重算检索摘要（--rehash）"

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="同时用当前HMAC密钥重算检索摘要")
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, **options):
        active = crypto.active_key_id()
        changed = 0
        with system_scope("rotate_keys"):
            queryset = Person.objects.order_by("pk")
            last = 0
            while True:
                batch = list(queryset.filter(pk__gt=last)[: options["batch"]])
                if not batch:
                    break
                last = batch[-1].pk
                updates = []
                for person in batch:
                    stale = crypto.key_id_of(person.id_number_encrypted) != active or (
                        person.phone_encrypted
                        and crypto.key_id_of(person.phone_encrypted) != active
                    )
                    if not stale and not options["rehash"]:
                        continue
                    number = crypto.decrypt(person.id_number_encrypted)
                    phone = crypto.decrypt(person.phone_encrypted)
                    person.id_number_encrypted = crypto.encrypt(number)
                    person.phone_encrypted = crypto.encrypt(phone)
                    if options["rehash"]:
                        person.id_number_hash = crypto.keyed_hash(number)
                        person.phone_hash = crypto.keyed_hash(phone)
                    updates.append(person)
                with transaction.atomic():
                    Person.objects.bulk_update(
                        updates,
                        ["id_number_encrypted", "phone_encrypted", "id_number_hash", "phone_hash"],
                    )
                changed += len(updates)
        from zugong.core.services.two_factor import totp_reencrypt_keys

        devices = totp_reencrypt_keys()
        self.stdout.write(
            self.style.SUCCESS(
                f"已重新加密{changed}条人员记录、{devices}个动态验证码密钥（当前密钥 v{active}）。"
            )
        )
