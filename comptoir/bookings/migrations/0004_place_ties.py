# Existing bookings tie their people to places (community.ties).
from django.db import migrations

from comptoir.community.ties import backfill


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_place_ties"),
        ("bookings", "0003_booking_seats"),
    ]

    operations = [
        migrations.RunPython(backfill("bookings", "Booking", "resource__place_id"), migrations.RunPython.noop),
    ]
