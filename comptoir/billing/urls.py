from django.urls import URLPattern, path  # noqa: F401

app_name = "billing"
urlpatterns: list[URLPattern] = []
