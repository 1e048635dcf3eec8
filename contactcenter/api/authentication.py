"""Bearer-token authentication for scripts; the browser keeps session authentication with CSRF."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from contactcenter.throttling import token_failure, token_failures_exceeded
from contactcenter.tokens import api_token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a personal API token (see contactcenter.tokens)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        wait = token_failures_exceeded(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait,
                detail=str(_("Too many failed token authentications from your address; try again later.")),
            )
        try:
            return self._check(header)
        except exceptions.AuthenticationFailed:
            token_failure(request)
            raise

    def _check(self, header: list[bytes]):
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: use “Bearer <token>”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = api_token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The user of this token is inactive."))
        return token.user, token

    def authenticate_header(self, request):
        # Makes unauthenticated requests answer 401 (not 403) with a challenge.
        return f'{self.keyword} realm="api"'
