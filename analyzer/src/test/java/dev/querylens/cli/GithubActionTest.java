package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.querylens.Samples;
import dev.querylens.report.WorkflowCommands;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's GitHub Action (action.yml) run as a runner runs a composite action: each
 * {@code run:} step in order with {@code bash --noprofile --norc -eo pipefail}, its {@code env:}
 * expressions evaluated, the runner's files and variables ({@code GITHUB_EVENT_PATH} with a
 * pull_request payload, {@code GITHUB_OUTPUT} per step, {@code GITHUB_STEP_SUMMARY},
 * {@code GITHUB_API_URL}), and workflow commands read from the output as the runner reads them,
 * stop-commands included. The API is a stand-in on 127.0.0.1 that keeps the comments it is given.
 * The setup-java step is the only one not run (this JVM's java is on PATH), and the jar is this
 * build's classes behind a Class-Path manifest instead of one built with Maven.
 */
class GithubActionTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String MARKER = "<!-- querylens -->";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");

    @TempDir
    Path dir;

    private StandInApi api;

    @BeforeEach
    void start() throws IOException {
        api = new StandInApi("acme/shop", 7);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The GitHub REST API's issue-comment endpoints, as far as the action uses them. */
    static final class StandInApi implements AutoCloseable {
        final HttpServer server;
        final List<ObjectNode> comments = new ArrayList<>();
        final List<String> requests = new ArrayList<>();
        final List<String> authorizations = new ArrayList<>();
        private final ObjectMapper json = new ObjectMapper();
        private final String issue;
        private final String comment;
        private long nextId = 1000;

        StandInApi(String repo, int number) throws IOException {
            issue = "/repos/" + repo + "/issues/" + number + "/comments";
            comment = "/repos/" + repo + "/issues/comments/";
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
            // a busy pull request: more comments by people than one page holds, none of them the report
            for (int i = 0; i < 101; i++) {
                add("reviewer", i == 50 ? "quoting the tool: " + MARKER + " is its marker" : "comment " + i);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private synchronized ObjectNode add(String login, String body) {
            ObjectNode c = json.createObjectNode();
            long id = nextId++;
            c.put("id", id);
            c.put("body", body);
            c.put("html_url", "https://github.com/acme/shop/pull/7#issuecomment-" + id);
            c.putObject("user").put("login", login);
            comments.add(c);
            return c;
        }

        List<ObjectNode> ours() {
            return comments.stream().filter(c -> c.get("body").asText().startsWith(MARKER)).toList();
        }

        private synchronized void handle(HttpExchange x) throws IOException {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
            requests.add(method + " " + path + (query.isEmpty() ? "" : "?" + query));
            authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
            byte[] in = x.getRequestBody().readAllBytes();
            if (method.equals("GET") && path.equals(issue)) {
                Map<String, String> q = new HashMap<>();
                for (String kv : query.split("&")) {
                    String[] p = kv.split("=", 2);
                    q.put(p[0], p.length > 1 ? p[1] : "");
                }
                int perPage = Integer.parseInt(q.getOrDefault("per_page", "30"));
                int page = Integer.parseInt(q.getOrDefault("page", "1"));
                ArrayNode out = json.createArrayNode();
                comments.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(out::add);
                reply(x, 200, out);
            } else if (method.equals("POST") && path.equals(issue)) {
                reply(x, 201, add("github-actions[bot]", json.readTree(in).get("body").asText()));
            } else if (method.equals("PATCH") && path.startsWith(comment)) {
                long id = Long.parseLong(path.substring(comment.length()));
                ObjectNode c = comments.stream().filter(k -> k.get("id").asLong() == id).findFirst().orElse(null);
                if (c == null) {
                    reply(x, 404, json.createObjectNode().put("message", "Not Found"));
                    return;
                }
                c.put("body", json.readTree(in).get("body").asText());
                reply(x, 200, c);
            } else {
                reply(x, 404, json.createObjectNode().put("message", "Not Found"));
            }
        }

        private void reply(HttpExchange x, int status, JsonNode body) throws IOException {
            byte[] bytes = json.writeValueAsBytes(body);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private record Step(String id, String name, int exit, String output, Map<String, String> outputs) {
    }

    private record ActionRun(List<Step> steps, Path summary) {
        Step step(String id) {
            return steps.stream().filter(s -> id.equals(s.id())).findFirst().orElseThrow(() -> new AssertionError("no step " + id));
        }
    }

    private static JsonNode action() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("action.yml").toFile());
    }

    private Path cliJar() throws IOException {
        return ClasspathJar.write(dir);
    }

    private Path workspace() throws IOException {
        Path ws = dir.resolve("workspace");
        Path copy = ws.resolve("db");
        try (Stream<Path> files = Files.walk(Samples.TASKBOARD)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(Samples.TASKBOARD.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // hostile text from the repository: a quoted table name with a line break and a workflow command in it
        Files.writeString(copy.resolve("migrations/0002_odd.sql"), "CREATE TABLE \"evil\n::error file=x.sql::pwned\" (v int);\n");
        return ws;
    }

    /** Runs every step of the action as the runner would, with these inputs; the workflow's job ends at the first failing step. */
    private ActionRun runAction(Path workspace, Map<String, String> given) throws Exception {
        return runAction(workspace, given, "pull_request");
    }

    private ActionRun runAction(Path workspace, Map<String, String> given, String eventName) throws Exception {
        JsonNode action = action();
        Map<String, String> inputs = new LinkedHashMap<>();
        for (var it = action.get("inputs").fields(); it.hasNext(); ) {
            var e = it.next();
            assertTrue(given.containsKey(e.getKey()) || e.getValue().has("default"), "input " + e.getKey() + " has a default");
        }
        Map<String, Map<String, String>> stepOutputs = new HashMap<>();
        Map<String, String> github = Map.of("token", "ghs_default-token");
        for (var it = action.get("inputs").fields(); it.hasNext(); ) {
            var e = it.next();
            String value = given.containsKey(e.getKey()) ? given.get(e.getKey()) : e.getValue().path("default").asText("");
            inputs.put(e.getKey(), evaluate(value, Map.of(), stepOutputs, github));
        }
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"number\":7,\"pull_request\":{\"number\":7,\"head\":{\"ref\":\"feature\"}},"
                + "\"repository\":{\"full_name\":\"acme/shop\"}}");
        Path summary = dir.resolve("step-summary.md");
        Path temp = Files.createDirectories(dir.resolve("runner-temp"));
        String javaBin = ClasspathJar.javaBin();

        List<Step> steps = new ArrayList<>();
        for (JsonNode s : action.get("runs").get("steps")) {
            if (s.has("uses")) {
                assertTrue(s.get("uses").asText().startsWith("actions/setup-java@"), "only setup-java is not run here: " + s);
                continue;
            }
            assertFalse(s.has("if"), "run steps always run (the scripts decide), so this test runs what the runner runs: " + s);
            assertEquals("bash", s.get("shell").asText());
            String script = s.get("run").asText();
            assertFalse(script.contains("${{"), "inputs reach scripts through env:, never spliced into run: " + script);
            String id = s.path("id").asText(null);
            Path output = Files.createTempFile(temp, "output", ".txt");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("QL_") || k.startsWith("RUNNER_"));
            env.put("PATH", javaBin + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("CI", "true");
            env.put("GITHUB_ACTIONS", "true");
            env.put("GITHUB_ACTION_PATH", REPO.toString());
            env.put("GITHUB_WORKSPACE", workspace.toString());
            env.put("GITHUB_EVENT_NAME", eventName);
            env.put("GITHUB_EVENT_PATH", event.toString());
            env.put("GITHUB_REPOSITORY", "acme/shop");
            env.put("GITHUB_API_URL", api.url());
            env.put("GITHUB_OUTPUT", output.toString());
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            env.put("RUNNER_TEMP", temp.toString());
            for (var it = s.path("env").fields(); it.hasNext(); ) {
                var e = it.next();
                env.put(e.getKey(), evaluate(e.getValue().asText(), inputs, stepOutputs, github));
            }
            ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
                    .directory(workspace.toFile()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            Map<String, String> outputs = readOutputs(output);
            if (id != null) {
                stepOutputs.put(id, outputs);
            }
            steps.add(new Step(id, s.path("name").asText(), exit, out, outputs));
            if (exit != 0) {
                break;
            }
        }
        return new ActionRun(steps, summary);
    }

    /** The expressions action.yml uses: inputs.*, steps.ID.outputs.*, github.token; anything else fails the test. */
    private static String evaluate(String text, Map<String, String> inputs, Map<String, Map<String, String>> steps,
                                   Map<String, String> github) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String value;
            if (e.startsWith("inputs.")) {
                value = inputs.get(e.substring("inputs.".length()));
                assertNotNull(value, "no input " + e);
            } else if (e.startsWith("steps.")) {
                String[] p = e.split("\\.");
                assertEquals(4, p.length, e);
                assertEquals("outputs", p[2], e);
                value = steps.getOrDefault(p[1], Map.of()).getOrDefault(p[3], "");
            } else if (e.startsWith("github.")) {
                value = github.get(e.substring("github.".length()));
                assertNotNull(value, "unsupported " + e);
            } else {
                throw new AssertionError("an expression this test does not evaluate: " + e);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** GITHUB_OUTPUT's two forms: name=value, and name<<DELIMITER ... DELIMITER. */
    private static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                StringBuilder v = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).equals(delimiter); i++) {
                    v.append(v.length() > 0 ? "\n" : "").append(lines.get(i));
                }
                out.put(line.substring(0, heredoc), v.toString());
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** The commands the runner acts on: none between ::stop-commands::TOKEN and ::TOKEN::. */
    private static List<WorkflowCommands.Command> processed(String output) {
        List<WorkflowCommands.Command> out = new ArrayList<>();
        String stopped = null;
        for (String line : output.split("\r\n|\r|\n")) {
            if (stopped != null) {
                if (line.strip().equals("::" + stopped + "::")) {
                    stopped = null;
                }
                continue;
            }
            WorkflowCommands.Command c = WorkflowCommands.parseLine(line);
            if (c != null && c.name().equals("stop-commands")) {
                stopped = c.data();
            } else if (c != null) {
                out.add(c);
            }
        }
        assertEquals(null, stopped, "command processing is resumed");
        return out;
    }

    @Test
    void annotatesSummarizesAndKeepsOnePullRequestCommentUpToDate() throws Exception {
        Path ws = workspace();
        Path jar = cliJar();
        Map<String, String> inputs = Map.of("paths", "db/migrations\n db/logs db/queries", "jar", jar.toString(), "fail-on", "error",
                "github-token", "ghs_test-token", "config", "");

        ActionRun first = runAction(ws, inputs);
        assertEquals(List.of("build", "check", "comment", "gate"),
                first.steps().stream().map(s -> s.id() != null ? s.id() : s.name()).toList());
        assertEquals(jar.toString(), first.step("build").outputs().get("jar"));
        Step check = first.step("check");
        assertEquals(0, check.exit(), check.output());
        Map<String, String> out = check.outputs();
        assertEquals("1", out.get("exit-code"), "the samples have an error finding: " + check.output());
        JsonNode report = new ObjectMapper().readTree(Path.of(out.get("json-report")).toFile());
        int findings = report.get("findings").size();
        long errors = 0;
        for (JsonNode f : report.get("findings")) {
            errors += f.get("severity").asText().equals("error") ? 1 : 0;
        }
        assertTrue(errors >= 1);
        assertEquals(Long.toString(errors), out.get("errors"));
        assertEquals(findings, Integer.parseInt(out.get("errors")) + Integer.parseInt(out.get("warnings")) + Integer.parseInt(out.get("infos")));

        // annotations: one per finding and input problem, at files of the workspace, and nothing else the runner would act on
        List<WorkflowCommands.Command> commands = processed(check.output());
        assertEquals(findings + report.get("diagnostics").size(), commands.size(), check.output());
        assertTrue(Set.of("error", "warning", "notice").containsAll(commands.stream().map(WorkflowCommands.Command::name).toList()),
                "only annotations: " + commands);
        for (WorkflowCommands.Command c : commands) {
            String file = c.properties().get("file");
            if (file != null) {
                assertTrue(Files.isRegularFile(ws.resolve(file)), "a workspace-relative file: " + file);
            }
        }
        assertTrue(commands.stream().anyMatch(c -> c.name().equals("error")
                && "db/migrations/0001_activity_and_rls.sql".equals(c.properties().get("file")) && "1".equals(c.properties().get("line"))
                && c.properties().get("title").equals("QueryLens rls-disabled on public.activity_events")), commands.toString());
        WorkflowCommands.Command hostile = commands.stream().filter(c -> c.data().contains("pwned")).findFirst().orElseThrow();
        assertEquals("db/migrations/0002_odd.sql", hostile.properties().get("file"));
        assertTrue(hostile.data().startsWith("Table evil\n::error file=x.sql::pwned has no primary key"), hostile.data());

        // the job summary: the Markdown report
        String markdown = Files.readString(Path.of(out.get("report")));
        String summary = Files.readString(first.summary());
        assertEquals(markdown, summary);
        assertTrue(summary.startsWith("## QueryLens: " + errors + " error(s)"), summary);

        // one comment posted, with the marker, the report and the verdict, with the token given
        Step comment = first.step("comment");
        assertEquals(0, comment.exit(), comment.output());
        assertEquals(1, api.ours().size(), api.requests.toString());
        ObjectNode posted = api.ours().get(0);
        assertEquals("github-actions[bot]", posted.get("user").get("login").asText(), "not the reviewer's comment quoting the marker");
        assertEquals(MARKER + "\n" + markdown.stripTrailing() + "\n\n**Gate:** failed: new findings at or above `error`.\n",
                posted.get("body").asText());
        assertEquals(posted.get("html_url").asText(), comment.outputs().get("comment-url"));
        assertEquals("created", comment.outputs().get("comment-action"));
        assertTrue(api.authorizations.stream().allMatch("Bearer ghs_test-token"::equals), api.authorizations.toString());
        assertEquals(1, api.requests.stream().filter(r -> r.startsWith("POST ")).count());
        assertEquals(1, first.step("gate").exit(), "the gate fails the job after the comment is posted");

        // the second run, on a fixed branch: the same comment is updated, no second one is posted
        int before = api.comments.size();
        api.requests.clear();
        Files.delete(ws.resolve("db/migrations/0001_activity_and_rls.sql"));
        ActionRun second = runAction(ws, Map.of("paths", "db", "jar", jar.toString(), "args", "--exclude rls-disabled,no-primary-key",
                "github-token", "ghs_test-token"));
        Step check2 = second.step("check");
        assertEquals("0", check2.outputs().get("exit-code"), check2.output());
        assertEquals("0", check2.outputs().get("errors"));
        assertEquals(before, api.comments.size(), "no new comment: " + api.requests);
        assertEquals(1, api.ours().size());
        assertEquals(posted.get("id"), api.ours().get(0).get("id"));
        assertEquals(List.of("GET /repos/acme/shop/issues/7/comments?per_page=100&page=1",
                        "GET /repos/acme/shop/issues/7/comments?per_page=100&page=2",
                        "PATCH /repos/acme/shop/issues/comments/" + posted.get("id").asText()),
                api.requests, "the marker comment is on the second page");
        String updated = api.ours().get(0).get("body").asText();
        assertTrue(updated.startsWith(MARKER + "\n## QueryLens: 0 error(s)"), updated);
        assertTrue(updated.endsWith("**Gate:** passed (no new finding at or above `error`).\n"), updated);
        assertEquals("updated", second.step("comment").outputs().get("comment-action"));
        assertEquals(0, second.step("gate").exit());
        assertTrue(Files.readString(second.summary()).startsWith(summary), "the summary file is appended to, never replaced");
    }

    @Test
    void whenTheApiRefusesTheCommentTheGateStillDecides() throws Exception {
        Path ws = workspace();
        Path jar = cliJar();
        api.close();
        // the API cannot be reached (a fork's read-only token is refused much the same): a warning, and the gate still decides
        ActionRun run = runAction(ws, Map.of("paths", "db", "jar", jar.toString(), "args", "--only offset-pagination"));
        Step comment = run.step("comment");
        assertEquals(0, comment.exit(), comment.output());
        List<WorkflowCommands.Command> warnings = processed(comment.output());
        assertEquals(1, warnings.size(), comment.output());
        assertEquals("warning", warnings.get(0).name());
        assertTrue(warnings.get(0).data().startsWith("could not post the pull-request comment"), warnings.get(0).data());
        assertEquals("0", run.step("check").outputs().get("exit-code"));
        assertEquals(0, run.step("gate").exit());
    }

    @Test
    void onAPushThereIsNoCommentAndTheGateFails() throws Exception {
        Path ws = workspace();
        ActionRun run = runAction(ws, Map.of("paths", "db", "jar", cliJar().toString()), "push");
        assertEquals("1", run.step("check").outputs().get("exit-code"));
        assertTrue(run.step("comment").output().contains("not a pull_request event; no comment"), run.step("comment").output());
        assertEquals(List.of(), api.requests, "no API call");
        assertEquals(1, run.step("gate").exit());
        assertTrue(Files.readString(run.summary()).startsWith("## QueryLens: "), "the summary is written on any event");
    }
}
