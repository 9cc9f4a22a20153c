"""A small SQLAlchemy 1.4 (ORM, 2.0-style select) application on the library schema
(samples/orms/schema.sql).

Runs each pattern of samples/orms/README.md once, in order, with a 0.5 s pause between
patterns; each pattern uses its own Session (one "request"). SQLAlchemy's own log is the
engine's echo=True output (stdout). Environment: PGHOST, PGPORT, PGUSER, PGDATABASE.
"""
import os
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Text, create_engine, func, insert, select
from sqlalchemy.orm import Session, declarative_base, joinedload, relationship, selectinload

URL = "postgresql+psycopg2://%s@%s:%s/%s" % (os.environ.get("PGUSER", "app"), os.environ.get("PGHOST", "127.0.0.1"),
                                              os.environ.get("PGPORT", "5432"), os.environ.get("PGDATABASE", "library"))
engine = create_engine(URL, echo=True, future=True, pool_size=5, max_overflow=0,
                       connect_args={"application_name": "sqlalchemy-library"})
Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(Text, nullable=False)
    country = Column(Text, nullable=False)
    books = relationship("Book", back_populates="author")  # lazy="select": one query per author on access


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("authors.id"), nullable=False)
    title = Column(Text, nullable=False)
    year = Column(Integer, nullable=False)
    author = relationship("Author", back_populates="books")


class Review(Base):
    __tablename__ = "reviews"
    id = Column(Integer, primary_key=True)
    book_id = Column(Integer, ForeignKey("books.id"), nullable=False)
    reviewer_id = Column(Integer, nullable=False)
    stars = Column(Integer, nullable=False)
    body = Column(Text, nullable=False)


def introspection(session):
    # what automap / Alembic's autogenerate read at start-up
    MetaData().reflect(bind=engine)


def classic_n_plus_one(session):
    for author in session.execute(select(Author).order_by(Author.id)).scalars():
        list(author.books)


def eager(session):
    for author in session.execute(select(Author).order_by(Author.id).options(selectinload(Author.books))).scalars():
        list(author.books)
    for book in session.execute(select(Book).order_by(Book.id).options(joinedload(Book.author))).scalars():
        book.author.name


def slow_child(session):
    for author in session.execute(select(Author).order_by(Author.id).limit(8)).scalars().all():
        session.execute(select(Review).where(Review.reviewer_id == author.id)).scalars().all()


def two_queries_per_item(session):
    for book in session.execute(select(Book).order_by(Book.id).limit(15)).scalars().all():
        session.scalar(select(func.count()).select_from(Review).where(Review.book_id == book.id))
        session.scalar(select(func.avg(Review.stars)).where(Review.book_id == book.id))


def offset_walk(session):
    for page in range(10):
        session.execute(select(Review).order_by(Review.id).limit(50).offset(page * 50)).scalars().all()


def keyset_walk(session):
    last = 0
    for _ in range(10):
        rows = session.execute(select(Review).where(Review.id > last).order_by(Review.id).limit(50)).scalars().all()
        last = rows[-1].id


def row_inserts(session, first):
    for i in range(first, first + 25):
        session.add(Review(book_id=1 + i % 60, reviewer_id=1000 + i, stars=1 + i % 5, body="row %d" % i))
        session.flush()  # one INSERT ... RETURNING per row
    session.commit()


def row_inserts_two_runs(session):
    row_inserts(session, 0)
    time.sleep(0.3)
    row_inserts(session, 25)


def bulk_insert(session):
    # executemany; psycopg2's execute_values sends it as one multi-row INSERT
    session.execute(insert(Review), [dict(book_id=1 + i % 60, reviewer_id=2000 + i, stars=1 + i % 5, body="bulk %d" % i)
                                     for i in range(50)])


def count_books(author_id):
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Book).where(Book.author_id == author_id))


def fan_out(session):
    ids = [a.id for a in session.execute(select(Author).order_by(Author.name)).scalars()]
    session.commit()
    with ThreadPoolExecutor(max_workers=5) as pool:  # the engine's pool holds 5 connections
        list(pool.map(count_books, ids))


PATTERNS = [introspection, classic_n_plus_one, eager, slow_child, two_queries_per_item, offset_walk, keyset_walk,
            row_inserts_two_runs, bulk_insert, fan_out]

if __name__ == "__main__":
    for i, pattern in enumerate(PATTERNS):
        if i:
            time.sleep(0.5)
        with Session(engine) as session:
            pattern(session)
            session.commit()
    engine.dispose()
