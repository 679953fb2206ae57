"""The photos page of an object: its gallery, the upload form and the remove buttons, for
whoever may edit it (the target's rule). Refusals are 4xx with the form's message; nothing
is stored then."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.models import Photo
from comptoir.core.photos import MAX_PER_OBJECT, Target, selectors, services, target, target_by_word
from comptoir.core.photos.forms import PhotoForm

BAD_REQUEST = 400


def _editable(user: Any, found: Target | None, pk: int) -> tuple[Target, Any]:
    obj = found.get(pk) if found else None
    if found is None or obj is None:
        raise Http404
    if not found.can_edit(user, obj):
        raise PermissionDenied
    return found, obj


def manage_url(found: Target, obj: Any) -> str:
    return reverse("core:photos", kwargs={"word": found.word, "pk": obj.pk})


@login_required
@require_http_methods(["GET", "POST"])
def photos_manage(request: AuthedRequest, word: str, pk: int) -> HttpResponse:
    found, obj = _editable(request.user, target_by_word(word), pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.prepared is not None:
            try:
                services.photo_add(
                    target=found,
                    obj=obj,
                    prepared=form.prepared,
                    alt=form.cleaned_data["alt"],
                    by=request.user,
                )
            except DomainError as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("The photo was added."))
                return redirect(manage_url(found, obj))
        else:
            status = BAD_REQUEST
    context = {
        "target": found,
        "obj": obj,
        "name": found.name_of(obj),
        "page_url": found.page_url(obj),
        "photos": selectors.photos_of(kind=found.kind, object_id=obj.pk),
        "form": form,
        "max_photos": MAX_PER_OBJECT,
    }
    return render(request, "core/photos_manage.html", context, status=status)


@login_required
@require_POST
def photo_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(Photo, pk=pk)
    found, obj = _editable(request.user, target(photo.kind), photo.object_id)
    services.photo_remove(target=found, photo=photo, obj=obj, by=request.user)
    messages.success(request, _("The photo was removed."))
    return redirect(manage_url(found, obj))
