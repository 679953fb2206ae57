from django.urls import path

from comptoir.presence import views

app_name = "presence"
urlpatterns = [
    path("lieux/<slug:slug>/accueil/", views.kiosk, name="kiosk"),
    path("lieux/<slug:slug>/accueil/arrivee/", views.kiosk_check_in, name="kiosk-check-in"),
    path("lieux/<slug:slug>/accueil/scan/", views.kiosk_scan, name="kiosk-scan"),
    path("lieux/<slug:slug>/presence/", views.place_presence, name="place-presence"),
    path("lieux/<slug:slug>/presence/arrivee/", views.self_check_in, name="self-check-in"),
    path("passages/<int:pk>/depart/", views.check_out, name="check-out"),
    path("profil/passages/", views.my_visits, name="my-visits"),
    path("profil/carte/", views.my_card, name="my-card"),
    path("profil/carte.svg", views.my_card_svg, name="my-card-svg"),
    path("profil/carte/remplacer/", views.my_card_replace, name="my-card-replace"),
    path("structures/<slug:slug>/usage/", views.organization_usage, name="organization-usage"),
]
