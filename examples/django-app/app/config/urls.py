from django.contrib import admin
from django.urls import path

from hits import views

urlpatterns = [
    path("", views.index),
    path("healthz", views.healthz),
    path("page/", views.page),
    path("admin/", admin.site.urls),
]
