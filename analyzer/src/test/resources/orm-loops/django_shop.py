# A small Django 3.2 application's database work, one pattern after another, against PostgreSQL 15.
import sys, time, django
from django.conf import settings
settings.configure(INSTALLED_APPS=['shop'], DATABASES={'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'orm',
    'USER': 'postgres', 'HOST': '127.0.0.1', 'PORT': sys.argv[1]}}, USE_TZ=True, DEFAULT_AUTO_FIELD='django.db.models.AutoField')
django.setup()
from django.db import connection
from django.core.paginator import Paginator
from shop.models import Author, Book
with connection.schema_editor() as editor:
    editor.create_model(Author)
    editor.create_model(Book)
Author.objects.bulk_create([Author(name='author %d' % i) for i in range(1, 13)])           # bulk insert: silent
authors = list(Author.objects.order_by('id'))
Book.objects.bulk_create([Book(author=authors[g % 12], title='book %d' % g) for g in range(1, 37)])
time.sleep(0.5)
for b in Book.objects.order_by('id')[:12]:                  # N+1 (forward FK): 12 author lookups
    b.author.name
time.sleep(0.5)
for b in Book.objects.select_related('author').order_by('id')[:12]:   # done right: silent
    b.author.name
time.sleep(0.5)
for a in Author.objects.order_by('id'):                     # N+1 (reverse FK): 12 book lists
    list(a.book_set.all())
time.sleep(0.5)
for a in Author.objects.prefetch_related('book_set').order_by('id'):  # done right: silent
    list(a.book_set.all())
time.sleep(0.5)
for i in range(25):                                          # row-by-row inserts: 25
    Book.objects.create(author=authors[0], title='new %d' % i)
time.sleep(0.5)
for page in Paginator(Book.objects.order_by('id'), 5):       # OFFSET page walk: silent
    list(page)
