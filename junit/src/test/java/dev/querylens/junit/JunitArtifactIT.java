package dev.querylens.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JUnit artifact as a Java team adopts it: a throwaway Maven project outside this build, a
 * shop's order repository with plain JDBC, adds {@code querylens-junit} in one dependency line
 * from the repository folder this build leaves in {@code junit/target/repository} (README, "In
 * your Java tests"), and runs its own test on a PostgreSQL it is given. Its repository first loads
 * order lines one order at a time and searches product names with a leading wildcard: both tests
 * must fail, each with its rule. Fixed (one JOIN, a prefix search the schema indexes), they must
 * pass. Its test classpath must hold none of what only QueryLens's CLI, benchmarks or own tests need.
 *
 * <p>The project is built by the same Maven as this build, with a local repository of its own (so
 * the QueryLens artifacts come from the folder, never from a stale copy) and every other
 * repository mirrored to this build's local repository: it runs without the network, on what the
 * QueryLens build itself resolved.
 */
class JunitArtifactIT {
    /** What a user's test classpath must not get through querylens-junit, as groupId or groupId:artifactId. */
    private static final List<String> EXCLUDED = List.of(
            "info.picocli",                              // the CLI
            "org.openjdk.jmh",                           // the benchmarks
            "io.zonky.test",                             // the throwaway server's embedded PostgreSQL
            "io.zonky.test.postgres",                    // and its binaries
            "org.slf4j",                                 // a logging binding would fight the user's own
            "com.github.luben:zstd-jni",                 // the CLI's compressed-log codecs
            "org.tukaani:xz",
            "org.apache.commons:commons-compress",
            "org.junit.platform:junit-platform-testkit", // QueryLens's own tests
            "org.assertj",
            "com.networknt");

    private static EmbeddedPostgres server;

    @TempDir
    static Path work;

    @BeforeAll
    static void database() throws Exception {
        server = EmbeddedPostgres.builder().start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table products (id int primary key, name text not null)");
            s.execute("create table orders (id int primary key, customer_id int not null)");
            s.execute("create table order_lines (id int primary key, order_id int not null, product_id int not null, quantity int not null)");
            s.execute("insert into products select g, case when g <= 5 then 'lamp ' else 'chair ' end || g from generate_series(1, 20) g");
            s.execute("insert into orders select g, 1 + g % 10 from generate_series(1, 60) g");
            s.execute("insert into order_lines select g, 1 + g % 60, 1 + g % 20, 1 from generate_series(1, 300) g");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void aFreshProjectFailsOnItsLoopAndWildcardAndPassesOnceFixed() throws Exception {
        Path project = work.resolve("shop");
        writeProject(project);

        writeRepository(project, false);
        Run broken = maven(project, "test");
        assertNotEquals(0, broken.exit(), "the loop must fail the user's build:\n" + broken.output());
        Map<String, String> failures = failures(project);
        assertEquals(Set.of("linesOfACustomer", "productsByName"), failures.keySet(), broken.output());
        contains(failures.get("linesOfACustomer"), "[n-plus-one] select count(*) from order_lines where order_id = $1");
        contains(failures.get("linesOfACustomer"), "ran 6 times in a row");
        contains(failures.get("productsByName"), "[leading-wildcard] select id, name from products where name like $1");

        writeRepository(project, true);
        Run fixed = maven(project, "test");
        assertEquals(0, fixed.exit(), "fixed, the user's build must pass:\n" + fixed.output());
        assertEquals(Map.of(), failures(project), fixed.output());
        assertEquals(2, testsRun(project), fixed.output());

        Set<String> classpath = testClasspath(project);
        for (String wanted : List.of("dev.querylens:querylens-junit", "dev.querylens:querylens-analyzer",
                "dev.querylens:querylens-rules", "com.github.jsqlparser:jsqlparser", "net.ttddyy:datasource-proxy")) {
            assertTrue(classpath.contains(wanted), wanted + " on the user's test classpath " + classpath);
        }
        List<String> unwanted = new ArrayList<>();
        for (String artifact : classpath) {
            for (String excluded : EXCLUDED) {
                if (artifact.equals(excluded) || artifact.startsWith(excluded + ":")) {
                    unwanted.add(artifact);
                }
            }
        }
        assertEquals(List.of(), unwanted, "the user's test classpath " + classpath);
    }

    /** The user's pom: JUnit and the PostgreSQL driver they already had, and the one line QueryLens asks for. */
    private static void writeProject(Path project) throws IOException {
        String version = System.getProperty("querylens.version");
        String repository = Path.of(System.getProperty("querylens.repository")).toUri().toString();
        write(project.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository><id>querylens</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>42.7.4</version></dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.11.4</version><scope>test</scope></dependency>
                    <dependency><groupId>dev.querylens</groupId><artifactId>querylens-junit</artifactId><version>%s</version><scope>test</scope></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repository, version));
        write(project.resolve("src/test/java/com/example/shop/OrderRepositoryTest.java"), """
                package com.example.shop;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import dev.querylens.junit.CheckStatements;
                import dev.querylens.junit.QueryLensDataSource;
                import dev.querylens.junit.QueryLensTest;
                import javax.sql.DataSource;
                import org.junit.jupiter.api.Test;
                import org.postgresql.ds.PGSimpleDataSource;

                @QueryLensTest
                @CheckStatements(schema = "/db/schema.sql")
                class OrderRepositoryTest {
                    @QueryLensDataSource
                    static DataSource dataSource = database();

                    static DataSource database() {
                        PGSimpleDataSource ds = new PGSimpleDataSource();
                        ds.setURL(System.getProperty("shop.jdbcUrl"));
                        return ds;
                    }

                    @Test
                    void linesOfACustomer() throws Exception {
                        assertEquals(30, new OrderRepository(dataSource).lineCount(7));
                    }

                    @Test
                    void productsByName() throws Exception {
                        assertEquals(5, new OrderRepository(dataSource).productsNamed("lamp").size());
                    }
                }
                """);
    }

    /** The repository, the slow way or fixed; the schema the statement rules judge against, with its index for the fix. */
    private static void writeRepository(Path project, boolean fixed) throws IOException {
        String lineCount = fixed ? """
                        try (PreparedStatement ps = c.prepareStatement(
                                "select count(*) from orders o join order_lines l on l.order_id = o.id where o.customer_id = ?")) {
                            ps.setInt(1, customer);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                return rs.getInt(1);
                            }
                        }
                """ : """
                        List<Integer> orders = new ArrayList<>();
                        try (PreparedStatement ps = c.prepareStatement("select id from orders where customer_id = ?")) {
                            ps.setInt(1, customer);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    orders.add(rs.getInt(1));
                                }
                            }
                        }
                        int lines = 0;
                        for (int order : orders) {
                            try (PreparedStatement ps = c.prepareStatement("select count(*) from order_lines where order_id = ?")) {
                                ps.setInt(1, order);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    lines += rs.getInt(1);
                                }
                            }
                        }
                        return lines;
                """;
        String pattern = fixed ? "name + \"%\"" : "\"%\" + name + \"%\"";
        write(project.resolve("src/main/java/com/example/shop/OrderRepository.java"), """
                package com.example.shop;

                import java.sql.Connection;
                import java.sql.PreparedStatement;
                import java.sql.ResultSet;
                import java.sql.SQLException;
                import java.util.ArrayList;
                import java.util.List;
                import javax.sql.DataSource;

                public class OrderRepository {
                    private final DataSource dataSource;

                    public OrderRepository(DataSource dataSource) {
                        this.dataSource = dataSource;
                    }

                    public int lineCount(int customer) throws SQLException {
                        try (Connection c = dataSource.getConnection()) {
                %s
                        }
                    }

                    public List<String> productsNamed(String name) throws SQLException {
                        List<String> names = new ArrayList<>();
                        try (Connection c = dataSource.getConnection();
                             PreparedStatement ps = c.prepareStatement("select id, name from products where name like ?")) {
                            ps.setString(1, %s);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    names.add(rs.getString(2));
                                }
                            }
                        }
                        return names;
                    }
                }
                """.formatted(lineCount, pattern));
        write(project.resolve("src/test/resources/db/schema.sql"), """
                create table products (id int primary key, name text not null);
                create table orders (id int primary key, customer_id int not null);
                create table order_lines (id int primary key, order_id int not null, product_id int not null, quantity int not null);
                create index orders_customer on orders (customer_id);
                create index order_lines_order on order_lines (order_id);
                """ + (fixed ? "create index products_name_prefix on products (name text_pattern_ops);\n" : ""));
    }

    private record Run(int exit, String output) {
    }

    /** The Maven running this build, on the user's project, with nothing but local folders to resolve from. */
    private static Run maven(Path project, String goal) throws Exception {
        Path buildRepository = Path.of(System.getProperty("querylens.buildRepository"));
        Path settings = work.resolve("settings.xml");
        // every repository but the QueryLens folder (central, and any a dependency's POM names) is this build's
        // local repository, read as a remote one: the project resolves exactly what the QueryLens build resolved
        write(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>querylens-build</id><mirrorOf>*,!querylens</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(work.resolve("m2"), buildRepository.toUri()));
        String home = System.getProperty("maven.home");
        String mvn = home == null || home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
        Path log = work.resolve("maven-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(mvn, "-B", "-s", settings.toString(),
                "-Dshop.jdbcUrl=" + server.getJdbcUrl("postgres", "postgres"), goal)
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the user's Maven build did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static Document report(Path project) throws Exception {
        Path xml = project.resolve("target/surefire-reports/TEST-com.example.shop.OrderRepositoryTest.xml");
        assertTrue(Files.exists(xml), "no Surefire report for the user's test at " + xml);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    /** The failed tests of the user's last run: name, and the failure's message and text. */
    private static Map<String, String> failures(Path project) throws Exception {
        Map<String, String> failed = new LinkedHashMap<>();
        NodeList cases = report(project).getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            for (String kind : List.of("failure", "error")) {
                NodeList problems = testcase.getElementsByTagName(kind);
                if (problems.getLength() > 0) {
                    Element problem = (Element) problems.item(0);
                    failed.put(testcase.getAttribute("name"), problem.getAttribute("message") + "\n" + problem.getTextContent());
                }
            }
        }
        return failed;
    }

    private static int testsRun(Path project) throws Exception {
        return Integer.parseInt(report(project).getDocumentElement().getAttribute("tests"));
    }

    /**
     * The user's resolved test classpath as groupId:artifactId, from the class path Surefire records in
     * its report: what the test JVM really had, every jar a path in the project's own local repository.
     */
    private static Set<String> testClasspath(Path project) throws Exception {
        NodeList properties = report(project).getElementsByTagName("property");
        String classpath = null;
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (property.getAttribute("name").equals("surefire.test.class.path")) {
                classpath = property.getAttribute("value");
            }
        }
        assertTrue(classpath != null, "the Surefire report records no surefire.test.class.path");
        Path local = work.resolve("m2");
        Set<String> artifacts = new TreeSet<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!jar.startsWith(local)) {
                continue; // the project's own classes
            }
            Path relative = local.relativize(jar); // group/path/artifact/version/file.jar
            int n = relative.getNameCount();
            String group = relative.subpath(0, n - 3).toString().replace(java.io.File.separatorChar, '.');
            artifacts.add(group + ":" + relative.getName(n - 3));
        }
        return artifacts;
    }

    private static void contains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected\n  " + part + "\nin\n" + text);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
