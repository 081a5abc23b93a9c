app_name = "elections-api"

urlpatterns: list = []
