"""The exchange board's pages: a place's offers and requests (search by kind, skill and
words; post one; switch the skill alerts), one post with its replies (reply, close). Who
may is `exchange.permissions`; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.exchange import permissions, selectors, services
from comptoir.exchange.forms import PostForm, ReplyForm, SearchForm
from comptoir.exchange.models import Post
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
BOARD_PAGE = "exchange/board.html"
POST_PAGE = "exchange/post.html"


def _place(request: AuthedRequest, slug: str) -> Place:
    try:
        place = place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_use_board(request.user, place.pk):
        raise PermissionDenied
    return place


def _skill_choices() -> list[tuple[str, str]]:
    return [(skill.slug, skill.name) for skill in selectors.skills_all()]


def _board_context(
    request: AuthedRequest, place: Place, form: PostForm | None = None
) -> dict[str, Any]:
    skills = _skill_choices()
    search = SearchForm(request.GET, skills=skills)
    filters = search.cleaned_data if search.is_valid() else {}
    posts = selectors.board(
        place=place,
        kind=filters.get("kind", ""),
        skill=filters.get("skill", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(posts, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "place": place,
        "search": search,
        "page": page,
        "form": form or PostForm(skills=skills),
        "alerts_on": selectors.alerts_on(user=request.user),
    }


@login_required
@require_GET
def board(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug)
    return render(request, BOARD_PAGE, _board_context(request, place))


@login_required
@require_POST
def post_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug)
    form = PostForm(request.POST, skills=_skill_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = services.post_create(
                place=place,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                skills=data["skills"],
                expires_on=data["expires_on"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Posted on the board."))
            return redirect("exchange:post", slug=slug, pk=post.pk)
    return render(request, BOARD_PAGE, _board_context(request, place, form), status=INVALID)


def _post(place: Place, pk: int) -> Post:
    try:
        return selectors.post_get(place=place, pk=pk)
    except Post.DoesNotExist as missing:
        raise Http404 from missing


def _post_context(
    request: AuthedRequest, post: Post, form: ReplyForm | None = None
) -> dict[str, Any]:
    return {
        "place": post.place,
        "post": post,
        "form": form or ReplyForm(),
        "can_close": permissions.can_close(request.user, post),
    }


@login_required
@require_GET
def post_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    post = _post(_place(request, slug), pk)
    return render(request, POST_PAGE, _post_context(request, post))


@login_required
@require_POST
def reply(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    post = _post(_place(request, slug), pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_create(post=post, by=request.user, body=form.cleaned_data["body"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Reply sent."))
            return redirect("exchange:post", slug=slug, pk=pk)
    return render(request, POST_PAGE, _post_context(request, post, form), status=INVALID)


@login_required
@require_POST
def close(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    post = _post(_place(request, slug), pk)
    if not permissions.can_close(request.user, post):
        raise PermissionDenied
    try:
        services.post_close(post=post, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Closed: it no longer shows on the board."))
    return redirect("exchange:post", slug=slug, pk=pk)


@login_required
@require_POST
def alerts(request: AuthedRequest) -> HttpResponse:
    on = request.POST.get("on") == "1"
    services.alerts_set(by=request.user, on=on)
    if on:
        messages.success(request, _("You will be told of requests matching your skills."))
    else:
        messages.success(request, _("You will no longer be told of requests."))
    back = request.POST.get("slug", "")
    if back and Place.objects.filter(slug=back).exists():
        return redirect("exchange:board", slug=back)
    return redirect("community:profile")
