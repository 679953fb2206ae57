"""A concierge registers someone at the desk (or on the phone) before the event: a member
found by their email, else a person without an account with a name and an email or a
phone number. Past the seats, they go on the waitlist like everyone else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comptoir.agenda.forms.public import GuestRegistrationForm
from comptoir.agenda.models import Event, Registration
from comptoir.agenda.selectors import public as selectors
from comptoir.agenda.services import registrations
from comptoir.community import permissions
from comptoir.community.selectors import person_with_email
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest

INVALID = 422


class DeskRegistrationForm(GuestRegistrationForm):
    """The guest form, worded for the concierge who fills it in."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].label = _("Name")
        self.fields["name"].required = False  # a member found by their email needs none
        self.fields["email"].label = _("Email (a member is found by their email)")
        self.fields["phone"].label = _("Phone")


def _event(request: AuthedRequest, pk: int) -> Event:
    event = Event.objects.select_related("place").filter(pk=pk).first()
    if event is None:
        raise Http404
    if not permissions.can_register_others(request.user, event.place_id):
        raise PermissionDenied
    return event


def _register(request: AuthedRequest, event: Event, form: DeskRegistrationForm) -> Registration:
    """A member when the email is theirs, else someone without an account (the service
    wants their name and a contact)."""
    data = form.cleaned_data
    member = person_with_email(email=data["email"])
    if member is not None:
        return registrations.register_at_desk(event=event, by=request.user, person=member)
    guest = registrations.Guest(name=data["name"], email=data["email"], phone=data["phone"])
    return registrations.register_at_desk(event=event, by=request.user, guest=guest)


def _said(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("%(name)s is registered.") % {"name": registration.name}
    position = selectors.waitlist_position(registration)
    return _("%(name)s is on the waitlist, position %(position)s.") % {
        "name": registration.name,
        "position": position,
    }


@login_required
@require_http_methods(["GET", "POST"])
def register_at_desk(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = DeskRegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                registration = _register(request, event, form)
            except DomainError as refusal:
                form.add_refusal(refusal)
                status = refusal.status
            else:
                messages.success(request, _said(registration))
                return redirect("agenda:register-desk", pk=event.pk)
        else:
            status = INVALID
    context = {"event": event, "place": event.place, "form": form, "tz": event.place.timezone}
    return render(request, "agenda/desk/register.html", context, status=status)
