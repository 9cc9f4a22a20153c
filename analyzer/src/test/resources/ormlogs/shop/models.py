from django.db import models


class Author(models.Model):
    name = models.TextField()

    class Meta:
        app_label = "shop"


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    title = models.TextField()

    class Meta:
        app_label = "shop"
