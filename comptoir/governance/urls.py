from django.urls import path

from comptoir.governance import views

app_name = "governance"
P = "lieux/<slug:slug>/gouvernance/"
urlpatterns = [
    path(P, views.place_governance, name="place"),
    path(f"{P}decisions/", views.register, name="register"),
    path(f"{P}instances/<int:pk>/proposer/", views.proposal_create, name="proposal-create"),
    path(f"{P}instances/<int:pk>/reunion/", views.meeting_create, name="meeting-create"),
    path(f"{P}propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path(f"{P}propositions/<int:pk>/position/", views.position_take, name="position"),
    path(
        f"{P}propositions/<int:pk>/objections/<int:position_pk>/reponse/",
        views.objection_answer,
        name="objection-answer",
    ),
    path(f"{P}propositions/<int:pk>/cloturer/", views.proposal_close, name="proposal-close"),
    path(f"{P}propositions/<int:pk>/decider/", views.proposal_decide, name="proposal-decide"),
    path(f"{P}propositions/<int:pk>/publier/", views.proposal_publish, name="proposal-publish"),
    path(f"{P}reunions/<int:pk>/", views.meeting_detail, name="meeting"),
    path(f"{P}reunions/<int:pk>/convoquer/", views.meeting_convene, name="meeting-convene"),
    path(f"{P}reunions/<int:pk>/presences/", views.attendance_record, name="attendance"),
    path(f"{P}reunions/<int:pk>/compte-rendu/", views.minutes_publish, name="minutes"),
]
