from django.urls import path

from comptoir.conciergerie import views

app_name = "conciergerie"
urlpatterns = [
    path("lieux/<slug:slug>/conciergerie/", views.catalogue, name="catalogue"),
    path(
        "lieux/<slug:slug>/conciergerie/services/<int:pk>/demander/",
        views.request_create,
        name="request-create",
    ),
    path("lieux/<slug:slug>/conciergerie/demandes/", views.request_queue, name="queue"),
    path("lieux/<slug:slug>/conciergerie/catalogue/", views.service_list, name="services"),
    path(
        "lieux/<slug:slug>/conciergerie/catalogue/nouveau/",
        views.service_create,
        name="service-create",
    ),
    path(
        "lieux/<slug:slug>/conciergerie/catalogue/<int:pk>/basculer/",
        views.service_toggle,
        name="service-toggle",
    ),
    path("conciergerie/demandes/<int:pk>/", views.request_detail, name="request-detail"),
    path("conciergerie/demandes/<int:pk>/statut/", views.request_move, name="request-move"),
    path("conciergerie/demandes/<int:pk>/message/", views.message_create, name="message-create"),
    path("profil/conciergerie/", views.my_requests, name="my-requests"),
    path("lieux/<slug:slug>/colis/", views.parcel_list, name="parcels"),
    path("lieux/<slug:slug>/colis/nouveau/", views.parcel_create, name="parcel-create"),
    path(
        "lieux/<slug:slug>/colis/<int:pk>/remis/", views.parcel_hand_over, name="parcel-hand-over"
    ),
    path("profil/colis/", views.my_parcels, name="my-parcels"),
]
