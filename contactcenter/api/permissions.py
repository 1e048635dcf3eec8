"""Who may do what: members read their organization; administrators with a writable token write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from contactcenter.models import ApiToken


def membership_of(user):
    return getattr(user, "membership", None) if user and user.is_authenticated else None


class OrganizationMemberPermission(permissions.BasePermission):
    """Members read everything in their organization; only administrators write, never with a read-only token."""

    message = _("You do not have permission to perform this action.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # NotAuthenticated: 401
        if membership_of(request.user) is None:
            self.message = _("Your account is not a member of an organization.")
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if isinstance(request.auth, ApiToken) and request.auth.read_only:
            self.message = _("This API token is read-only.")
            return False
        if not request.user.membership.can_write():
            self.message = _("Your role is read-only: only administrators can change the configuration.")
            return False
        return True
