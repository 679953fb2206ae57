"""The exchange board of the demo: at the Comptoir Numérique, Rosa lends a projector, Nina
looks for someone who knows WordPress (Paul, who asked for these emails, is told) and got
a reply, Victor offers a hand with a move; at Le Mixeur, Léa looks for a ladder."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from comptoir.community.models import Person
from comptoir.exchange import services
from comptoir.exchange.models import Post
from comptoir.places.models import Place

POSTS = [
    # author, kind, title, body, skills
    (
        "rosa@comptoir.test",
        Post.Kind.LEND,
        "Je prête un vidéoprojecteur",
        "Pour une soirée ou un atelier, à rendre le lendemain.",
        (),
    ),
    (
        "nina@comptoir.test",
        Post.Kind.SEEK,
        "Je cherche un coup de main sur WordPress",
        "Mon site d'association affiche une page blanche depuis la mise à jour.",
        ("wordpress",),
    ),
    (
        "victor@comptoir.test",
        Post.Kind.HELP,
        "Je propose un coup de main pour vos déménagements",
        "J'ai un utilitaire le samedi matin.",
        (),
    ),
]


def _person(email: str) -> Person | None:
    return Person.objects.filter(email=email).first()


def load_exchange(place: Place, other: Place | None) -> None:
    if Post.objects.filter(place=place).exists():
        return
    paul = _person("paul@comptoir.test")
    if paul is not None:
        services.alerts_set(by=paul, on=True)
    posts = {}
    for email, kind, title, body, skills in POSTS:
        author = _person(email)
        if author is None:
            continue
        posts[email] = services.post_create(
            place=place, by=author, kind=kind, title=title, body=body, skills=skills
        )
    wordpress = posts.get("nina@comptoir.test")
    if wordpress is not None and paul is not None:
        services.reply_create(
            post=wordpress,
            by=paul,
            body="Je passe jeudi après-midi, on regarde ensemble ?",
        )
    lea = _person("lea@comptoir.test")
    if other is not None and lea is not None:
        services.post_create(
            place=other,
            by=lea,
            kind=Post.Kind.SEEK,
            title="Je cherche un escabeau",
            expires_on=timezone.localdate() + dt.timedelta(days=14),
        )
