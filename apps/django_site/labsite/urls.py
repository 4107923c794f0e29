from django.urls import re_path

from labsite.views import sleep_view

# Every path sleeps, as in the article's plain app (/sleep1, /sleep2, /favicon.ico, ...).
urlpatterns = [re_path(r"^(?P<path>.*)$", sleep_view)]
