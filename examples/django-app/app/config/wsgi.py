import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view, now rather than at the first
# request: a release that cannot import fails when gunicorn boots it, so
# Swarm sees the task fail and rolls the update back at once.
get_resolver().url_patterns
