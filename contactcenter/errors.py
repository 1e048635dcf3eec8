"""Domain conflicts: a guard refused a change. The API answers them with 409 and `to_dict()`."""

from django.utils.translation import gettext as _


class DomainConflict(Exception):
    code = "conflict"

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def to_dict(self) -> dict:
        return {"code": self.code, "detail": self.detail, **self.extra}


class VersionConflict(DomainConflict):
    code = "version_conflict"

    def __init__(self, obj=None, detail: str | None = None):
        super().__init__(
            detail
            or _(
                "Someone else changed or deleted this %(kind)s since you opened it. "
                "Reload to see their version; your input has been kept."
            )
            % {"kind": obj._meta.verbose_name if obj is not None else _("object")}
        )


class ChannelActive(DomainConflict):
    code = "channel_active"


class ChannelHasNumbers(DomainConflict):
    code = "channel_has_numbers"


class Referenced(DomainConflict):
    code = "referenced"


class SystemChannel(DomainConflict):
    code = "system_channel"
