"""A small Django 3.2 application on the library schema (samples/orms/schema.sql).

Runs each pattern of samples/orms/README.md once, in order, with a 0.5 s pause between
patterns (each is one "request"). Every statement carries a sqlcommenter-style comment naming
the route, the line of this file that ran it and the request's W3C traceparent (one trace per
pattern, shared by the fan-out's threads), through Django's connection.execute_wrapper, as
google/sqlcommenter's Django middleware does. Django's own SQL log (the django.db.backends
logger at DEBUG, configured as Django's logging documentation shows) goes to stderr.
Environment: PGHOST, PGPORT, PGUSER, PGDATABASE.
"""
import contextvars
import os
import sys
import threading
import time
import traceback
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import django
from django.conf import settings

settings.configure(
    DEBUG=True,  # Django logs SQL only with DEBUG on
    USE_TZ=False,
    TIME_ZONE="UTC",
    INSTALLED_APPS=[],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            "USER": os.environ.get("PGUSER", "app"),
            "NAME": os.environ.get("PGDATABASE", "library"),
            "OPTIONS": {"application_name": "django-library"},
        }
    },
    LOGGING={
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"django.db.backends": {"level": "DEBUG", "handlers": ["console"]}},
    },
)
django.setup()

from django.db import connection, models  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402
from django.db.models import Avg  # noqa: E402


class Author(models.Model):
    name = models.TextField()
    country = models.TextField()

    class Meta:
        app_label = "library"
        db_table = "authors"
        managed = False


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    title = models.TextField()
    year = models.IntegerField()

    class Meta:
        app_label = "library"
        db_table = "books"
        managed = False


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    reviewer_id = models.IntegerField()
    stars = models.IntegerField()
    body = models.TextField()

    class Meta:
        app_label = "library"
        db_table = "reviews"
        managed = False


ROUTE = contextvars.ContextVar("route", default="startup")
# W3C trace context of the current request: one trace id per pattern, shared by the fan-out's threads
TRACEPARENT = contextvars.ContextVar("traceparent", default="")
HERE = os.path.abspath(__file__)


def sqlcommenter(execute, sql, params, many, context):
    """Appends /*file='app.py:N',route='...'*/ (keys sorted, values URL-quoted, as sqlcommenter does)."""
    line = next((f.lineno for f in reversed(traceback.extract_stack()) if os.path.abspath(f.filename) == HERE
                 and f.name != "sqlcommenter"), 0)
    tags = {"file": "app.py:%d" % line, "route": ROUTE.get(), "traceparent": TRACEPARENT.get()}
    comment = ",".join("%s='%s'" % (k, urllib.parse.quote(v, safe="/:")) for k, v in sorted(tags.items()))
    if params is not None:
        comment = comment.replace("%", "%%")  # the driver formats the text when it has parameters
    return execute("%s /*%s*/" % (sql, comment), params, many, context)


def tagged(route, fn, *args, traceparent=None):
    ROUTE.set(route)
    if traceparent is not None:
        TRACEPARENT.set(traceparent)
    with connection.execute_wrapper(sqlcommenter):
        return fn(*args)


def introspection():
    # what `manage.py migrate --check` / inspectdb read at start-up
    MigrationRecorder(connection).has_table()
    with connection.cursor() as cursor:
        for table in connection.introspection.get_table_list(cursor):
            connection.introspection.get_table_description(cursor, table.name)
            connection.introspection.get_constraints(cursor, table.name)


def classic_n_plus_one():
    for author in Author.objects.order_by("id"):
        list(author.books.all())


def eager():
    for author in Author.objects.order_by("id").prefetch_related("books"):
        list(author.books.all())
    for book in Book.objects.select_related("author").order_by("id"):
        book.author.name


def slow_child():
    for author in Author.objects.order_by("id")[:8]:
        list(Review.objects.filter(reviewer_id=author.id))


def two_queries_per_item():
    for book in Book.objects.order_by("id")[:15]:
        book.reviews.count()
        book.reviews.aggregate(Avg("stars"))


def offset_walk():
    for page in range(10):
        list(Review.objects.order_by("id")[page * 50:(page + 1) * 50])


def keyset_walk():
    last = 0
    for _ in range(10):
        rows = list(Review.objects.filter(id__gt=last).order_by("id")[:50])
        last = rows[-1].id


def row_inserts(first):
    for i in range(first, first + 25):
        Review.objects.create(book_id=1 + i % 60, reviewer_id=1000 + i, stars=1 + i % 5, body="row %d" % i)


def row_inserts_two_runs():
    row_inserts(0)
    time.sleep(0.3)
    row_inserts(25)


def bulk_insert():
    Review.objects.bulk_create(
        [Review(book_id=1 + i % 60, reviewer_id=2000 + i, stars=1 + i % 5, body="bulk %d" % i) for i in range(50)])


def count_books(author_id, traceparent):
    return tagged("/authors/book-counts", lambda: Book.objects.filter(author_id=author_id).count(), traceparent=traceparent)


def fan_out():
    authors = list(Author.objects.order_by("name"))
    request = TRACEPARENT.get()
    with ThreadPoolExecutor(max_workers=5) as pool:  # a pool of 5 connections: Django opens one per thread
        list(pool.map(lambda a: count_books(a.id, request), authors))


PATTERNS = [
    ("/startup", introspection),
    ("/authors/books-n-plus-one", classic_n_plus_one),
    ("/authors/books-eager", eager),
    ("/authors/reviews-written", slow_child),
    ("/books/ratings", two_queries_per_item),
    ("/reviews/offset", offset_walk),
    ("/reviews/keyset", keyset_walk),
    ("/reviews/import-rows", row_inserts_two_runs),
    ("/reviews/import-bulk", bulk_insert),
    ("/authors/book-counts", fan_out),
]

if __name__ == "__main__":
    for i, (route, fn) in enumerate(PATTERNS):
        if i:
            time.sleep(0.5)
        print("pattern %s" % route, file=sys.stdout, flush=True)
        tagged(route, fn, traceparent="00-%032x-%016x-01" % (0x51ab0000 + i, 0x1000 + i))
    connection.close()
