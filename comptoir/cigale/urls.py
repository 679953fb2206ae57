from django.urls import path

from comptoir.cigale import views

app_name = "cigale"
C = "lieux/<slug:slug>/cigales/<int:pk>/"
urlpatterns = [
    path("lieux/<slug:slug>/cigales/", views.club_list, name="list"),
    path(C, views.club_detail, name="club"),
    path(f"{C}engagement/", views.pledge, name="pledge"),
    path(f"{C}mouvements/", views.movement, name="movement"),
    path(f"{C}investir/", views.invest, name="invest"),
    path(
        f"{C}investissements/<int:investment_pk>/realiser/",
        views.investment_make,
        name="investment-make",
    ),
    path(
        f"{C}investissements/<int:investment_pk>/retour/",
        views.investment_receive,
        name="investment-receive",
    ),
    path(f"{C}dissoudre/", views.dissolve, name="dissolve"),
    path(f"{C}releve/<int:year>/", views.statement, name="statement"),
]
