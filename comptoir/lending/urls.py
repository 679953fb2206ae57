from django.urls import path

from comptoir.lending import views

app_name = "lending"
urlpatterns = [
    path("lieux/<slug:slug>/objets/", views.catalogue, name="catalogue"),
    path("lieux/<slug:slug>/objets/nouveau/", views.item_create, name="item-create"),
    path("lieux/<slug:slug>/objets/<int:pk>/", views.item_detail, name="item"),
    path("lieux/<slug:slug>/objets/<int:pk>/modifier/", views.item_edit, name="item-edit"),
    path("lieux/<slug:slug>/objets/<int:pk>/reserver/", views.reserve, name="reserve"),
    path("lieux/<slug:slug>/objets/<int:pk>/degats/", views.damage_add, name="damage-add"),
    path("lieux/<slug:slug>/objets/<int:pk>/etiquette/", views.item_qr, name="item-label"),
    path("lieux/<slug:slug>/prets/", views.desk, name="desk"),
    path("lieux/<slug:slug>/prets/<int:pk>/remise/", views.check_out, name="check-out"),
    path("lieux/<slug:slug>/prets/<int:pk>/retour/", views.loan_return, name="return"),
    path("lieux/<slug:slug>/prets/retards/", views.overdue, name="overdue"),
    path("mes-emprunts/", views.my_loans, name="my-loans"),
    path("mes-emprunts/<int:pk>/annuler/", views.loan_cancel, name="loan-cancel"),
]
