app_name = "rules-api"

urlpatterns: list = []
