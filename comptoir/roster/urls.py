from django.urls import path

from comptoir.roster import views

app_name = "roster"
urlpatterns = [
    path("lieux/<slug:slug>/permanences/", views.month, name="month"),
    path(
        "lieux/<slug:slug>/permanences/creneaux/nouveau/",
        views.shift_create,
        name="shift-create",
    ),
    path(
        "lieux/<slug:slug>/permanences/creneaux/<int:pk>/annuler/",
        views.shift_cancel,
        name="shift-cancel",
    ),
    path(
        "lieux/<slug:slug>/permanences/hebdomadaires/nouvelle/",
        views.pattern_create,
        name="pattern-create",
    ),
    path(
        "lieux/<slug:slug>/permanences/hebdomadaires/<int:pk>/arreter/",
        views.pattern_end,
        name="pattern-end",
    ),
    path("permanences/", views.mine, name="mine"),
    path("permanences/echanges/", views.swaps, name="swaps"),
    path("permanences/creneaux/<int:pk>/prendre/", views.shift_take, name="shift-take"),
    path("permanences/tours/<int:pk>/quitter/", views.shift_leave, name="shift-leave"),
    path("permanences/tours/<int:pk>/echanger/", views.swap_offer, name="swap-offer"),
    path("permanences/tours/<int:pk>/heures/", views.hours_record, name="hours"),
    path("permanences/echanges/<int:pk>/accepter/", views.swap_accept, name="swap-accept"),
    path("permanences/echanges/<int:pk>/retirer/", views.swap_withdraw, name="swap-withdraw"),
]
