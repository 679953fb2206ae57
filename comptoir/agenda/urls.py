"""The agenda's pages, one namespace: public pages and feeds (`urls_public`), the
concierges' scheduling pages (`urls_manage`), attendance and activity reports
(`urls_desk`)."""

from comptoir.agenda import urls_desk, urls_manage, urls_public

app_name = "agenda"
urlpatterns = [*urls_public.urlpatterns, *urls_manage.urlpatterns, *urls_desk.urlpatterns]
