app_name = "regions-api"

urlpatterns: list = []
