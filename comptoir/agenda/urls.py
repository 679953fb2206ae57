"""The agenda's pages, one namespace: public pages and feeds (`urls_public`), the
concierges' scheduling pages (`urls_manage`), attendance and activity reports
(`urls_desk`)."""

from comptoir.agenda import urls_desk, urls_manage, urls_public

app_name = "agenda"
# The public event pages last: their `/agenda/<pk>/<slug>/` must not catch the action pages.
urlpatterns = [*urls_manage.urlpatterns, *urls_desk.urlpatterns, *urls_public.urlpatterns]
