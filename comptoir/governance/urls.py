from django.urls import URLPattern, path

from comptoir.governance import views

app_name = "governance"


def _pages(prefix: str, names: str, scope: str) -> list[URLPattern]:
    """The same pages for a place's bodies and a network's (`scope`), named `names`…"""
    extra = {"scope": scope}
    return [
        path(f"{prefix}decisions/", views.register, extra, name=f"{names}register"),
        path(
            f"{prefix}instances/<int:pk>/proposer/",
            views.proposal_create,
            extra,
            name=f"{names}proposal-create",
        ),
        path(
            f"{prefix}instances/<int:pk>/reunion/",
            views.meeting_create,
            extra,
            name=f"{names}meeting-create",
        ),
        path(
            f"{prefix}propositions/<int:pk>/", views.proposal_detail, extra, name=f"{names}proposal"
        ),
        path(
            f"{prefix}propositions/<int:pk>/position/",
            views.position_take,
            extra,
            name=f"{names}position",
        ),
        path(
            f"{prefix}propositions/<int:pk>/objections/<int:position_pk>/reponse/",
            views.objection_answer,
            extra,
            name=f"{names}objection-answer",
        ),
        path(
            f"{prefix}propositions/<int:pk>/cloturer/",
            views.proposal_close,
            extra,
            name=f"{names}proposal-close",
        ),
        path(
            f"{prefix}propositions/<int:pk>/decider/",
            views.proposal_decide,
            extra,
            name=f"{names}proposal-decide",
        ),
        path(
            f"{prefix}propositions/<int:pk>/publier/",
            views.proposal_publish,
            extra,
            name=f"{names}proposal-publish",
        ),
        path(f"{prefix}reunions/<int:pk>/", views.meeting_detail, extra, name=f"{names}meeting"),
        path(
            f"{prefix}reunions/<int:pk>/convoquer/",
            views.meeting_convene,
            extra,
            name=f"{names}meeting-convene",
        ),
        path(
            f"{prefix}reunions/<int:pk>/presences/",
            views.attendance_record,
            extra,
            name=f"{names}attendance",
        ),
        path(
            f"{prefix}reunions/<int:pk>/compte-rendu/",
            views.minutes_publish,
            extra,
            name=f"{names}minutes",
        ),
    ]


P = "lieux/<slug:slug>/gouvernance/"
N = "reseaux/<slug:slug>/gouvernance/"
urlpatterns = [
    path(P, views.place_governance, name="place"),
    *_pages(P, "", views.PLACE),
    # A network's bodies: the same pages, with the same rules.
    path(N, views.place_governance, {"scope": views.NETWORK}, name="network-home"),
    *_pages(N, "network-", views.NETWORK),
]
