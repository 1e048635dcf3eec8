"""The audit trail of API tokens and memberships: recorded, shown in Activity, never restored."""

from audit.registry import Tracked, register

from .models import ApiToken, Membership


def _token_organization(token: ApiToken) -> int | None:
    membership = getattr(token.user, "membership", None)
    return membership.organization_id if membership else None


register(
    Tracked(
        ApiToken,
        "apitoken",
        ("name", "read_only", "expires_at", "revoked_at"),
        organization_of=_token_organization,
        has_version=False,
    )
)
register(Tracked(Membership, "membership", ("user", "role"), has_version=False))
