app_name = "sanctions-api"

urlpatterns: list = []
