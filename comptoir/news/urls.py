from django.urls import path

from comptoir.news import feeds, views

app_name = "news"
urlpatterns = [
    path("nouvelles/lieux/<slug:slug>/", views.place_archive, name="place"),
    path("nouvelles/lieux/<slug:slug>/publier/", views.place_publish, name="place-publish"),
    path("nouvelles/lieux/<slug:slug>/atom.xml", feeds.place_feed, name="place-feed"),
    path("nouvelles/reseaux/<slug:slug>/", views.network_archive, name="network"),
    path("nouvelles/reseaux/<slug:slug>/publier/", views.network_publish, name="network-publish"),
    path("nouvelles/reseaux/<slug:slug>/atom.xml", feeds.network_feed, name="network-feed"),
    path("nouvelles/<int:pk>/", views.detail, name="detail"),
    path("nouvelles/<int:pk>/supprimer/", views.delete, name="delete"),
    path("nouvelles/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("profil/nouvelles/", views.preferences, name="preferences"),
]
