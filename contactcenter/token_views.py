"""The console's "API tokens" page: a member lists, creates and revokes their own personal tokens."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import ApiToken, Membership
from .tokens import api_token_create, api_token_revoke


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, for example “nightly export”."),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Optional. The token stops working at the start of this day in your organization's time zone."
        ),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only: this token can read but never change anything"), required=False
    )

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _member(request: HttpRequest) -> Membership:
    try:
        return request.user.membership
    except Membership.DoesNotExist:
        raise PermissionDenied(_("Your account is not a member of any organization.")) from None


def _page(request: HttpRequest, form: ApiTokenForm, *, secret: str | None = None, created=None, status=200):
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "contactcenter/api_tokens.html",
        {"form": form, "tokens": tokens, "secret": secret, "created": created, "now": timezone.now()},
        status=status,
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST creates one and shows its secret on this response only."""
    membership = _member(request)
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
                read_only=form.cleaned_data["read_only"] or not membership.can_write(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(
                    "expires_on" if field == "expires_at" else None if field == "__all__" else field, errors
                )
        else:
            # Rendered, not redirected: the secret must never be stored, not even in the session.
            response = _page(request, ApiTokenForm(), secret=secret, created=token)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk) -> HttpResponse:
    _member(request)
    token = ApiToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(token=token)
    messages.success(
        request, _("The token “%(name)s” was revoked; it no longer works.") % {"name": token.name}
    )
    return redirect("api-tokens")
