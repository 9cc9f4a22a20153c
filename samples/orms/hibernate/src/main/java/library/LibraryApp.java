package library;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * A small Hibernate ORM 6 application on the library schema (samples/orms/schema.sql).
 *
 * <p>Runs each pattern of samples/orms/README.md once, in order, with a 0.5 s pause between
 * patterns; each pattern is one "request": its own Session and transaction. Hibernate's own log
 * (org.hibernate.SQL, its bound values and JDBC batches, see simplelogger.properties) goes to
 * stdout. Environment: PGHOST, PGPORT, PGUSER, PGDATABASE.
 */
public final class LibraryApp {
    private static SessionFactory factory;

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432") + "/"
                + env("PGDATABASE", "library") + "?ApplicationName=hibernate-library&reWriteBatchedInserts=true";
        Configuration cfg = new Configuration()
                .addAnnotatedClass(Author.class).addAnnotatedClass(Book.class)
                .addAnnotatedClass(Review.class).addAnnotatedClass(ImportedReview.class)
                .setProperty("hibernate.connection.url", url)
                .setProperty("hibernate.connection.username", env("PGUSER", "app"))
                // HikariCP (hibernate-hikaricp), 5 connections kept open
                .setProperty("hibernate.connection.provider_class", "org.hibernate.hikaricp.internal.HikariCPConnectionProvider")
                .setProperty("hibernate.hikari.maximumPoolSize", "5")
                .setProperty("hibernate.hikari.minimumIdle", "5")
                // start-up: check the mapping against the database's catalog (read through JDBC metadata)
                .setProperty("hibernate.hbm2ddl.auto", "validate")
                .setProperty("hibernate.jdbc.batch_size", "50")
                .setProperty("hibernate.order_inserts", "true");
        factory = cfg.buildSessionFactory();
        List<Consumer<Session>> patterns = List.of(LibraryApp::classicNPlusOne, LibraryApp::eager,
                LibraryApp::slowChild, LibraryApp::twoQueriesPerItem, LibraryApp::offsetWalk, LibraryApp::keysetWalk,
                LibraryApp::rowInsertsTwoRuns, LibraryApp::bulkInsert, LibraryApp::fanOut);
        for (Consumer<Session> pattern : patterns) {
            Thread.sleep(500);
            inTransaction(pattern);
        }
        factory.close();
    }

    private static void inTransaction(Consumer<Session> work) {
        try (Session session = factory.openSession()) {
            session.getTransaction().begin();
            work.accept(session);
            session.getTransaction().commit();
        }
    }

    /** 12 authors, then each author's books through the lazy collection: 12 more queries. */
    static void classicNPlusOne(Session s) {
        for (Author a : s.createSelectionQuery("from Author a order by a.id", Author.class).getResultList()) {
            a.books.size();
        }
    }

    /** The same done right: JOIN FETCH (one query), then the books of all authors by an IN list. */
    static void eager(Session s) {
        List<Author> authors = s.createSelectionQuery("from Author a join fetch a.books order by a.id", Author.class).getResultList();
        authors.forEach(a -> a.books.size());
        List<Integer> ids = authors.stream().map(a -> a.id).toList();
        s.createSelectionQuery("from Book b where b.author.id in :ids order by b.id", Book.class).setParameter("ids", ids).getResultList();
    }

    /** The first 8 authors, then the reviews by reviewer = author id: a sequential scan of 60,000 rows each. */
    static void slowChild(Session s) {
        List<Author> authors = s.createSelectionQuery("from Author a order by a.id", Author.class).setMaxResults(8).getResultList();
        for (Author a : authors) {
            s.createSelectionQuery("from Review r where r.reviewerId = :reviewer", Review.class).setParameter("reviewer", a.id).getResultList();
        }
    }

    /** The first 15 books, then per book a count and an average of its reviews. */
    static void twoQueriesPerItem(Session s) {
        for (Book b : s.createSelectionQuery("from Book b order by b.id", Book.class).setMaxResults(15).getResultList()) {
            s.createSelectionQuery("select count(r) from Review r where r.book.id = :book", Long.class).setParameter("book", b.id).getSingleResult();
            s.createSelectionQuery("select avg(r.stars) from Review r where r.book.id = :book", Double.class).setParameter("book", b.id).getSingleResult();
        }
    }

    /** 10 pages of 50 reviews by OFFSET (setFirstResult 0, 50 .. 450). */
    static void offsetWalk(Session s) {
        for (int page = 0; page < 10; page++) {
            s.createSelectionQuery("from Review r order by r.id", Review.class).setFirstResult(page * 50).setMaxResults(50).getResultList();
        }
    }

    /** 10 pages of 50 reviews, each page after the last id of the page before. */
    static void keysetWalk(Session s) {
        int last = 0;
        for (int page = 0; page < 10; page++) {
            List<Review> rows = s.createSelectionQuery("from Review r where r.id > :last order by r.id", Review.class)
                    .setParameter("last", last).setMaxResults(50).getResultList();
            last = rows.get(rows.size() - 1).id;
        }
    }

    /** 25 reviews persisted one by one (IDENTITY: one INSERT each, at persist), twice, 300 ms apart; a transaction per run. */
    static void rowInsertsTwoRuns(Session s) {
        rowInserts(s, 0);
        s.getTransaction().commit();
        sleep(300);
        s.getTransaction().begin();
        rowInserts(s, 25);
    }

    private static void rowInserts(Session s, int first) {
        for (int i = first; i < first + 25; i++) {
            Review r = new Review();
            r.book = s.getReference(Book.class, 1 + i % 60);
            r.reviewerId = 1000 + i;
            r.stars = 1 + i % 5;
            r.body = "row " + i;
            s.persist(r);
        }
    }

    /** 50 imported reviews with assigned ids, flushed as one JDBC batch (hibernate.jdbc.batch_size = 50). */
    static void bulkInsert(Session s) {
        for (int i = 0; i < 50; i++) {
            ImportedReview r = new ImportedReview();
            r.id = 1_000_001 + i;
            r.bookId = 1 + i % 60;
            r.reviewerId = 2000 + i;
            r.stars = 1 + i % 5;
            r.body = "bulk " + i;
            s.persist(r);
        }
    }

    /** The authors by name, then 12 counts of their books at once on 5 threads, a Session each, over the pool of 5. */
    static void fanOut(Session s) {
        List<Integer> ids = s.createSelectionQuery("select a.id from Author a order by a.name", Integer.class).getResultList();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (Integer id : ids) {
                counts.add(pool.submit(() -> {
                    try (Session own = factory.openSession()) {
                        own.getTransaction().begin();
                        Long n = own.createSelectionQuery("select count(b) from Book b where b.author.id = :author", Long.class)
                                .setParameter("author", id).getSingleResult();
                        own.getTransaction().commit();
                        return n;
                    }
                }));
            }
            for (Future<Long> f : counts) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
