from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("articles/<slug:slug>/", lambda request, slug: HttpResponse(slug), name="article-detail"),
]
