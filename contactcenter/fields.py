from django.core.validators import MaxLengthValidator
from django.db import models

from .validators import NAME_MAX_LENGTH, canonical_timezone, validate_timezone


class NameField(models.CharField):
    """A name column of 80 characters whose length is reported by the name validator's own message.

    Every model's name is one, validated by a configuration of `NameValidator`
    (contactcenter.validators); the channel's is checked in `EntryPoint.clean_fields()`, which
    exempts the system channel.

    Django's generic max-length check is dropped so that the console and the API show one
    specific message, and forms get no `maxlength` attribute, so an over-long paste is shown
    back with its error instead of being cut silently.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    @property
    def validators(self):
        return [v for v in super().validators if not isinstance(v, MaxLengthValidator)]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)
        return field


class TimeZoneField(models.CharField):
    """An IANA time zone, accepted in any case and stored in its IANA spelling.

    `full_clean()` (every service, the admin) turns `europe/copenhagen` into `Europe/Copenhagen`
    before `validate_timezone` judges it, so the console, the API and the admin accept and store
    the same. The column is a plain CharField: migrations see one (`deconstruct`), since only
    Python behaviour differs.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("validators", [validate_timezone])
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_timezone(value) or value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
