from django.urls import path

from comptoir.billing import views

app_name = "billing"
urlpatterns = [
    path("ventes/<int:pk>/", views.order_detail, name="order-detail"),
    path("lieux/<slug:slug>/ventes/", views.order_list, name="order-list"),
]
