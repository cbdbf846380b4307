from django.contrib import admin
from django.urls import path

from ops import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # /healthz is answered by ops.middleware.HealthzMiddleware before any other
    # middleware; this route only exists so the URL also resolves if the
    # middleware is ever removed.
    path("healthz", views.healthz, name="healthz"),
    path("dbz", views.dbz, name="dbz"),
]
