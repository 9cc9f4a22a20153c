"""Tiny SQLAlchemy 1.4 program: echo=True (argv[2] == "echo") or logging.basicConfig's default format. Run by capture.sh."""
import logging, os, sys
from sqlalchemy import create_engine, Column, Integer, Text, ForeignKey, select, text
from sqlalchemy.orm import declarative_base, relationship, Session

out = open(sys.argv[1], "w")
echo = sys.argv[2] == "echo"
if not echo:
    logging.basicConfig(stream=out)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
else:
    sys.stdout = out
url = "postgresql+psycopg2://postgres@127.0.0.1:%s/%s" % (os.environ["PGPORT"], os.environ["PGDATABASE"])
engine = create_engine(url, echo=echo, future=True)
Base = declarative_base()


class Author(Base):
    __tablename__ = "sa_author"
    id = Column(Integer, primary_key=True)
    name = Column(Text)
    books = relationship("Book", back_populates="author")


class Book(Base):
    __tablename__ = "sa_book"
    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("sa_author.id"))
    title = Column(Text)
    author = relationship("Author", back_populates="books")


Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
with Session(engine) as s:
    for i in range(3):
        s.add(Author(name="author %d" % i, books=[Book(title="b%d.%d" % (i, j)) for j in range(2)]))
    s.commit()
with Session(engine) as s:
    # the N+1: lazy loading each author's books
    for a in s.execute(select(Author)).scalars():
        _ = [b.title for b in a.books]
    s.execute(text("SELECT a.id,\n       count(b.id) AS n\nFROM sa_author a\nJOIN sa_book b ON b.author_id = a.id\nWHERE a.name LIKE :p\nGROUP BY a.id"), {"p": "author%"}).all()
    s.commit()
out.flush()
