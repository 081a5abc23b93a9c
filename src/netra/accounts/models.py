"""Staff accounts. Memberships (role x region/agency) are defined below the user."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netra.accounts.choices import Role


class User(AbstractUser):
    """A Netra staff or admin account. Members of the public never need one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("plural", "pengguna")


class Membership(models.Model):
    """A role held in a scope: a region (with everything under it) and/or an agency.

    Neither region nor agency means national scope.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = pgettext_lazy("plural", "keanggotaan")
        constraints = [
            # Coalesce so that two national grants of the same role also collide.
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("region", Value(0)),
                Coalesce("agency", Value(0)),
                name="membership_unique",
            )
        ]

    def __str__(self) -> str:
        where = " / ".join(str(x) for x in (self.region, self.agency) if x) or _("nasional")
        return f"{self.get_role_display()} · {where}"

    @property
    def is_national(self) -> bool:
        return self.region_id is None and self.agency_id is None
