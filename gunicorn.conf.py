"""gunicorn's settings for this project, read from the working directory (`gunicorn contactcenter.wsgi`).

The request line (method, path and query) may be up to 1 MiB instead of gunicorn's 4,094 bytes, so
that an over-long URL reaches Django, which answers it like any other bad request: JSON with a
`code` under /api/ (a 404 for a 10,000-character id, a 400 for 2,000 query parameters), the
console's own page elsewhere. gunicorn's own refusal would be an HTML 414 that API clients cannot
read. Bodies are limited by the application (API_MAX_BODY_BYTES, AUDIO_MAX_BYTES).
"""

# 0: gunicorn's largest bound, 1 MiB (gunicorn/http/message.py).
limit_request_line = 0
