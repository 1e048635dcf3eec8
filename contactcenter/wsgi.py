import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contactcenter.settings")
application = get_wsgi_application()

from contactcenter.checks import MISSING_SECRET_KEY, secret_key_missing  # noqa: E402  (needs the apps)

if secret_key_missing():
    # Refuse to serve at all rather than fail on the first request that signs something.
    raise ImproperlyConfigured(MISSING_SECRET_KEY)
