from django.urls import path

from comptoir.core import media, views, views_language
from comptoir.core.photos import views as photos

app_name = "core"
urlpatterns = [
    path("sante/", views.health, name="health"),
    path("langue/", views_language.switch_language, name="language"),
    path("bench/floor/", views.floor, name="floor"),
    # The development mailbox (comptoir.core.mailbox): 404 once a real backend is configured.
    path("dev/emails/", views.dev_emails, name="dev-emails"),
    # The living style page of the design system (docs/design.md): staff, or DEBUG.
    path("style/", views.style, name="style"),
    # The photos of what the apps register (comptoir.core.photos).
    path("photos/<int:pk>/retirer/", photos.photo_remove, name="photo-remove"),
    path("photos/<slug:word>/<int:pk>/", photos.photos_manage, name="photos"),
    # Uploaded files, with who may read each (comptoir.core.media).
    path("media/<path:name>", media.serve, name="media"),
]
