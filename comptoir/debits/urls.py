
app_name = "debits"
urlpatterns: list[object] = []
