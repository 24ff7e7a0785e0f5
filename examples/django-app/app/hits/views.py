from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django_redis import get_redis_connection

from .models import Hit

# The Redis key of the "cache-hits" counter.
COUNTER_KEY = "cache-hits"


def index(request):
    """One row in Postgres and one INCR in Redis per request, and the deployed version."""
    Hit.objects.create(path=request.path[:200])
    return JsonResponse(
        {
            "hits": Hit.objects.count(),
            "cache-hits": get_redis_connection("default").incr(COUNTER_KEY),
            "version": settings.APP_VERSION,
        }
    )


def healthz(request):
    """For the container healthcheck: answers without touching the database or Redis."""
    return JsonResponse({"ok": True, "version": settings.APP_VERSION})


def page(request):
    """An HTML page with an image from the static files nginx serves."""
    return render(request, "hits/page.html", {"version": settings.APP_VERSION})
