# A small SQLAlchemy 1.4 ORM application's database work, one pattern after another, against PostgreSQL 15.
import sys, time
from sqlalchemy import create_engine, Column, Integer, Text, ForeignKey, insert
from sqlalchemy.orm import declarative_base, relationship, Session, selectinload, joinedload
Base = declarative_base()
class Author(Base):
    __tablename__ = 'authors'
    id = Column(Integer, primary_key=True)
    name = Column(Text, nullable=False)
    books = relationship('Book', back_populates='author')
class Book(Base):
    __tablename__ = 'books'
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey('authors.id'), nullable=False, index=True)
    title = Column(Text, nullable=False)
    author = relationship('Author', back_populates='books')
engine = create_engine('postgresql+psycopg2://postgres@127.0.0.1:%s/orm' % sys.argv[1])
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.execute(insert(Author), [{'name': 'author %d' % i} for i in range(1, 13)])        # executemany: one INSERT per row in 1.4? kept before the marker
    s.commit()
    s.execute(insert(Book), [{'author_id': 1 + g % 12, 'title': 'book %d' % g} for g in range(1, 37)])
    s.commit()
time.sleep(0.5)
with Session(engine) as s:
    for b in s.query(Book).order_by(Book.id).limit(12):          # N+1 (lazy many-to-one): 12 author lookups
        b.author.name
time.sleep(0.5)
with Session(engine) as s:
    for a in s.query(Author).options(selectinload(Author.books)).order_by(Author.id):   # done right: silent
        list(a.books)
time.sleep(0.5)
with Session(engine) as s:
    for a in s.query(Author).order_by(Author.id):               # N+1 (lazy one-to-many): 12 book lists
        list(a.books)
time.sleep(0.5)
with Session(engine) as s:
    for i in range(25):                                          # row-by-row: add and flush each (ids needed)
        s.add(Book(author_id=1, title='new %d' % i))
        s.flush()
    s.commit()
time.sleep(0.5)
with Session(engine) as s:
    for page in range(0, 60, 5):                                 # OFFSET page walk: silent
        s.query(Book).order_by(Book.id).limit(5).offset(page).all()
