"""Tiny Django 3.2 program: its django.db.backends log (DEBUG) is the sample. Run by capture.sh."""
import logging, os, sys
import django
from django.conf import settings

settings.configure(
    DEBUG=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["PGDATABASE"],
                           "USER": "postgres", "HOST": "127.0.0.1", "PORT": os.environ["PGPORT"]}},
    INSTALLED_APPS=["shop"],
    LOGGING={"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": sys.argv[1], "mode": "w"}},
             "loggers": {"django.db.backends": {"handlers": ["f"], "level": "DEBUG"}}},
)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
django.setup()
from django.db import connection, transaction
from shop.models import Author, Book

with connection.schema_editor() as editor:
    editor.execute('DROP TABLE IF EXISTS shop_book, shop_author CASCADE')
    editor.create_model(Author)
    editor.create_model(Book)
for i in range(3):
    a = Author.objects.create(name="author %d" % i)
    for j in range(2):
        Book.objects.create(author=a, title="book %d.%d" % (i, j))
# the N+1: one query for the books, one more per book for its author
for b in Book.objects.all():
    _ = b.author.name
# done right
list(Book.objects.select_related("author").all())
with transaction.atomic():
    Author.objects.filter(name__startswith="author").update(name="x")
