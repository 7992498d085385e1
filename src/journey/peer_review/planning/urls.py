"""TODO"""

urlpatterns: list = []
