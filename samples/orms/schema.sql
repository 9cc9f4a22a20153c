-- The library every sample application reads: 12 authors, 60 books (5 each), 60,000 reviews.
-- books.author_id and reviews.book_id are indexed; reviews.reviewer_id deliberately is not, so
-- the "slow child" pattern (reviews by reviewer, once per author) is a sequential scan each time.
CREATE TABLE authors (
  id serial PRIMARY KEY,
  name text NOT NULL,
  country text NOT NULL
);
CREATE TABLE books (
  id serial PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors (id),
  title text NOT NULL,
  year integer NOT NULL
);
CREATE INDEX books_author_id_idx ON books (author_id);
CREATE TABLE reviews (
  id serial PRIMARY KEY,
  book_id integer NOT NULL REFERENCES books (id),
  reviewer_id integer NOT NULL,
  stars integer NOT NULL,
  body text NOT NULL
);
CREATE INDEX reviews_book_id_idx ON reviews (book_id);

INSERT INTO authors (name, country)
  SELECT 'Author ' || lpad(i::text, 2, '0'), (ARRAY['UK', 'US', 'FR'])[1 + i % 3] FROM generate_series(1, 12) i;
INSERT INTO books (author_id, title, year)
  SELECT 1 + (i - 1) / 5, 'Book ' || i, 1950 + i FROM generate_series(1, 60) i;
INSERT INTO reviews (book_id, reviewer_id, stars, body)
  SELECT 1 + i % 60, 1 + (i * 7) % 400, 1 + i % 5, 'review ' || i FROM generate_series(1, 60000) i;
ANALYZE authors, books, reviews;
