"""Personal API tokens: created with a secret shown once, stored as a hash, revoked by their owner."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.recording import audit_change

from .models import ApiToken

TOKEN_PREFIX = "cc_"
# How often last_used_at is written: once a minute is precise enough and spares a write per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def api_token_create(
    *, user, name: str, expires_at: datetime.datetime | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with its secret, which is never stored nor shown again."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Choose an expiry date in the future.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=(name or "").strip(),
        key_hash=hash_secret(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        expires_at=expires_at,
        read_only=read_only,
    )
    token.full_clean()
    with transaction.atomic(), audit_change(token, Action.CREATED):
        token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once; a revoked token never authenticates again."""
    if token.revoked_at is None:
        with transaction.atomic(), audit_change(token, Action.DEACTIVATED):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The token a secret belongs to, or None; revoked and expired tokens are returned for a precise error."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__membership__organization")
        .filter(key_hash=hash_secret(secret))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.is_usable and (token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION):
        # A queryset update: no race with a revocation saved meanwhile.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
