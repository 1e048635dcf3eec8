import os

# Tests run with the development defaults (a local secret key, plain static storage).
os.environ.setdefault("DJANGO_DEBUG", "1")
