from django.urls import path

app_name = "debits"
urlpatterns: list[object] = []
