from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comptoir.conciergerie import services
from comptoir.conciergerie.exceptions import AddresseeMissing, ParcelNotWaiting
from comptoir.conciergerie.models import Parcel
from comptoir.conciergerie.tests.factories import make_parcel, png_bytes
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Photo
from comptoir.core.photos.images import prepare

pytestmark = pytest.mark.django_db


def test_a_parcel_is_logged_with_its_photo_and_its_addressee_told(
    place, nomad, concierge, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = prepare(SimpleUploadedFile("colis.png", png_bytes(), content_type="image/png"))
    with django_capture_on_commit_callbacks(execute=True):
        parcel = make_parcel(place, nomad, by=concierge, shelf="B2", photo=photo)
    assert parcel.status == Parcel.Status.WAITING and parcel.shelf == "B2"
    assert Photo.objects.filter(kind="parcel", object_id=parcel.pk).count() == 1
    assert [m.to[0] for m in mail.outbox] == [nomad.email]


def test_a_parcel_for_nobody_is_refused(place, concierge):
    with pytest.raises(AddresseeMissing):
        make_parcel(place, None, by=concierge)
    assert not Parcel.objects.exists()


def test_only_the_desk_logs_and_hands_over(place, nomad, concierge):
    with pytest.raises(NotAllowed):
        make_parcel(place, nomad, by=nomad)
    parcel = make_parcel(place, nomad, by=concierge)
    with pytest.raises(NotAllowed):
        services.parcel_hand_over(parcel=parcel, by=nomad)


def test_a_parcel_is_handed_over_once(place, nomad, concierge):
    parcel = make_parcel(place, nomad, by=concierge)
    services.parcel_hand_over(parcel=parcel, by=concierge)
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.HANDED_OVER
    assert parcel.collected_by == nomad.display_name and parcel.handed_over_by == concierge
    with pytest.raises(ParcelNotWaiting):
        services.parcel_hand_over(parcel=parcel, by=concierge, collected_by="Sam")


def test_upkeep_reminds_once_then_returns_to_sender(
    place, nomad, concierge, django_capture_on_commit_callbacks
):
    parcel = make_parcel(place, nomad, by=concierge)
    arrived = parcel.arrived_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.parcels_upkeep(now=arrived + dt.timedelta(days=1)) == (0, 0)
        assert services.parcels_upkeep(now=arrived + dt.timedelta(days=4)) == (1, 0)
        assert services.parcels_upkeep(now=arrived + dt.timedelta(days=5)) == (0, 0)
        assert services.parcels_upkeep(now=arrived + dt.timedelta(days=15)) == (0, 1)
    parcel.refresh_from_db()
    assert parcel.status == Parcel.Status.RETURNED and parcel.returned_at is not None
    assert len(mail.outbox) == 2
    assert services.parcels_upkeep(now=timezone.now() + dt.timedelta(days=30)) == (0, 0)
