from django.http import JsonResponse
from django.urls import path

from notes.models import Note


def health(request):
    return JsonResponse({"ok": True, "notes": Note.objects.count()})


urlpatterns = [path("health/", health)]
