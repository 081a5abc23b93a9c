"""django-axes announces a lockout by signal; it is the only place that knows, so audit it here."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from netra.accounts import services
from netra.accounts.choices import AuthEvent
from netra.accounts.models import User


@receiver(user_locked_out, dispatch_uid="netra.accounts.lockout_audit")
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username=username).first() if username else None
    services.auth_event_record(
        actor=None,
        action=AuthEvent.LOCKOUT,
        user=user,
        payload={"known_user": user is not None},
    )
