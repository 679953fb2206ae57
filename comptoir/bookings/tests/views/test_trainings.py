from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comptoir.bookings.models import Qualification, TrainingRequest
from comptoir.bookings.tests.factories import QualificationFactory, TrainingFactory
from comptoir.bookings.tests.helpers import member
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(place) -> str:
    return reverse("bookings:trainings", args=[place.slug])


def grant(training, email: str, **extra: str) -> dict[str, str]:
    return {
        "email": email,
        "training": str(training.pk),
        "granted_on": timezone.localdate().isoformat(),
        **extra,
    }


@pytest.fixture
def trainer(place, training):
    who = member(place, Role.NOMAD, first_name="Théo", last_name="Formateur")
    QualificationFactory(person=who, training=training, can_train=True)
    return who


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_place_is_404(login, concierge):
    assert login(concierge).get(reverse("bookings:trainings", args=["nowhere"])).status_code == 404


def test_members_without_a_trainer_right_see_their_own_trainings_only(
    login, resident, place, training, trainer
):
    # Issue 14: a member asking for the trainings got a bare 403; they see the place's
    # trainings, what they hold and how to ask, not who holds what nor the grant form.
    response = login(resident).get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    assert training.name in body
    assert reverse("bookings:training-request", args=[place.slug, training.pk]) in body
    assert "Formateur" not in body and 'name="email"' not in body
    response = login(resident).post(url(place), grant(training, resident.email))
    assert response.status_code == 403
    assert not Qualification.objects.filter(person=resident).exists()


def test_concierges_see_who_holds_each_training(login, concierge, place, training, resident):
    QualificationFactory(person=resident, training=training)
    response = login(concierge).get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    assert training.name in body and "Rita Résidente" in body
    assert 'name="can_train"' in body


def test_a_concierge_grants_a_training(login, concierge, place, training, resident):
    response = login(concierge).post(
        url(place), grant(training, resident.email.upper(), can_train="on")
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(person=resident)
    assert qualification.training == training and qualification.can_train


def test_trainers_grant_only_their_trainings(login, trainer, place, training, resident):
    other_training = TrainingFactory(place=place, name="Imprimante 3D")
    client = login(trainer)
    response = client.get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="can_train"' not in body
    assert f'<option value="{other_training.pk}"' not in body
    refused = client.post(url(place), grant(other_training, resident.email))
    assert refused.status_code == 422
    assert not Qualification.objects.filter(person=resident).exists()
    assert client.post(url(place), grant(training, resident.email)).status_code == 302
    assert Qualification.objects.filter(person=resident, training=training).exists()


def test_an_unknown_email_is_422(login, concierge, place, training):
    response = login(concierge).post(url(place), grant(training, "personne@example.org"))
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not Qualification.objects.exists()


def test_a_future_date_is_refused(login, concierge, place, training, resident):
    later = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = login(concierge).post(url(place), grant(training, resident.email, granted_on=later))
    assert response.status_code == 422
    assert not Qualification.objects.exists()


def test_a_bad_date_is_422(login, concierge, place, training, resident):
    response = login(concierge).post(url(place), grant(training, resident.email, granted_on="hier"))
    assert response.status_code == 422
    assert not Qualification.objects.exists()


@pytest.mark.parametrize("count", [2, 10])
def test_query_count_is_pinned(login, concierge, place, django_assert_num_queries, count):
    for _ in range(count):
        training = TrainingFactory(place=place)
        for _holder in range(2):
            QualificationFactory(person=PersonFactory(), training=training)
    client = login(concierge)
    # The 7 of the holders' page, then the concierge's own trainings, qualifications and
    # requests (their column "mine") and the requests to answer: 4 more, whatever the count.
    with django_assert_num_queries(11):
        response = client.get(url(place))
    assert response.status_code == 200


# --- Requests: a member asks, a concierge answers (issue 14) -----------------------------------


def ask_url(place, training) -> str:
    return reverse("bookings:training-request", args=[place.slug, training.pk])


def answer_url(place, asked, verb: str) -> str:
    return reverse(f"bookings:training-request-{verb}", args=[place.slug, asked.pk])


def test_a_member_asks_and_sees_the_request_waiting(login, resident, place, training):
    client = login(resident)
    response = client.post(ask_url(place, training), {"message": "Dispo le mardi"})
    assert response.status_code == 302 and response["Location"] == url(place)
    asked = TrainingRequest.objects.get()
    assert (asked.person, asked.message) == (resident, "Dispo le mardi")
    body = client.get(url(place)).content.decode()
    assert ask_url(place, training) not in body
    # Asking again is said, not a 500 nor a second request.
    response = client.post(ask_url(place, training), follow=True)
    assert response.status_code == 200 and TrainingRequest.objects.count() == 1


def test_asking_for_a_training_of_another_place_is_404(login, resident, place):
    elsewhere = TrainingFactory()
    assert login(resident).post(ask_url(place, elsewhere)).status_code == 404


def test_a_too_long_word_is_422_and_nothing_saved(login, resident, place, training):
    response = login(resident).post(ask_url(place, training), {"message": "x" * 1001})
    assert response.status_code == 422 and not TrainingRequest.objects.exists()


def test_the_concierge_sees_the_request_and_grants_it(
    login, concierge, resident, place, training, django_capture_on_commit_callbacks
):
    asked = TrainingRequest.objects.create(person=resident, training=training, message="Svp")
    client = login(concierge)
    body = client.get(url(place)).content.decode()
    assert "Rita Résidente" in body and answer_url(place, asked, "grant") in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(place, asked, "grant"))
    assert response.status_code == 302
    assert Qualification.objects.filter(person=resident, training=training).exists()
    assert len(mail.outbox) == 1
    assert answer_url(place, asked, "grant") not in client.get(url(place)).content.decode()


def test_declining_without_a_reason_is_422_and_says_so(login, concierge, resident, place, training):
    asked = TrainingRequest.objects.create(person=resident, training=training)
    response = login(concierge).post(answer_url(place, asked, "decline"), {"answer": " "})
    assert response.status_code == 422
    assert 'class="alert error" role="alert"' in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == TrainingRequest.Status.PENDING


def test_the_concierge_declines_with_a_reason(login, concierge, resident, place, training):
    asked = TrainingRequest.objects.create(person=resident, training=training)
    response = login(concierge).post(
        answer_url(place, asked, "decline"), {"answer": "Session complète"}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.answer) == (TrainingRequest.Status.DECLINED, "Session complète")
    # The member reads why, and may ask again.
    body = login(resident).get(url(place)).content.decode()
    assert "Session complète" in body and ask_url(place, training) in body


def test_members_may_not_answer(login, resident, place, training):
    other = member(place, Role.NOMAD)
    asked = TrainingRequest.objects.create(person=resident, training=training)
    client = login(other)
    assert client.post(answer_url(place, asked, "grant")).status_code == 403
    assert client.post(answer_url(place, asked, "decline"), {"answer": "Non"}).status_code == 403
    asked.refresh_from_db()
    assert asked.status == TrainingRequest.Status.PENDING


def test_a_request_of_another_place_is_404(login, concierge, resident, place):
    asked = TrainingRequest.objects.create(person=resident, training=TrainingFactory())
    assert login(concierge).post(answer_url(place, asked, "grant")).status_code == 404
