// Posts the QueryLens Markdown report as one pull-request comment, or updates the one an earlier
// run posted (found by the hidden marker at the start of its body), through the GitHub REST API.
// No dependencies: Node 18+ (every GitHub-hosted runner) has fetch.
//
// Environment: GITHUB_TOKEN, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL,
// GITHUB_OUTPUT (the runner's); QL_REPORT (Markdown file), QL_EXIT (check's exit code), QL_FAIL_ON,
// QL_COMMENT ('false' turns it off).
// A comment that cannot be posted (a fork's read-only token, an API outage) is a warning, never a
// failed job: the gate, not the comment, decides the job.
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export const MARKER = "<!-- querylens -->";
const PER_PAGE = 100;

function setOutput(name, value) {
  const line = String(value).replace(/[\r\n]/g, "");
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${line}\n`);
}

function warn(message) {
  // workflow-command data: the runner unescapes %25, %0D, %0A
  const data = String(message).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  console.log(`::warning title=QueryLens comment::${data}`);
}

function pullRequestNumber() {
  const name = process.env.GITHUB_EVENT_NAME || "";
  if (!["pull_request", "pull_request_target"].includes(name) || !process.env.GITHUB_EVENT_PATH) return null;
  const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
  const n = event.pull_request && event.pull_request.number;
  return Number.isInteger(n) ? n : null;
}

function verdict(exit, failOn) {
  switch (exit) {
    case "0": return `**Gate:** passed (no new finding at or above \`${failOn}\`).`;
    case "1": return `**Gate:** failed: new findings at or above \`${failOn}\`.`;
    default: return `**Gate:** could not judge (exit ${exit}): some input was lost or the run was misconfigured; see the job log.`;
  }
}

export function body(report, exit, failOn) {
  return `${MARKER}\n${report.trimEnd()}\n\n${verdict(exit, failOn)}\n`;
}

async function api(method, path, payload) {
  const base = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const response = await fetch(base + path, {
    method,
    headers: {
      "Accept": "application/vnd.github+json",
      "Authorization": `Bearer ${process.env.GITHUB_TOKEN}`,
      "X-GitHub-Api-Version": "2022-11-28",
      "User-Agent": "querylens-action",
      ...(payload ? { "Content-Type": "application/json" } : {}),
    },
    body: payload ? JSON.stringify(payload) : undefined,
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status}`);
  }
  return response.json();
}

/** The comment an earlier run posted: the first whose body starts with the marker, on any page. */
async function previousComment(repo, number) {
  for (let page = 1; ; page++) {
    const comments = await api("GET", `/repos/${repo}/issues/${number}/comments?per_page=${PER_PAGE}&page=${page}`);
    const ours = comments.find((c) => typeof c.body === "string" && c.body.startsWith(MARKER));
    if (ours) return ours;
    if (comments.length < PER_PAGE) return null;
  }
}

async function main() {
  if ((process.env.QL_COMMENT || "true").toLowerCase() === "false") return;
  const number = pullRequestNumber();
  if (number === null) {
    console.log("QueryLens: not a pull_request event; no comment.");
    return;
  }
  const report = process.env.QL_REPORT;
  if (!report || !existsSync(report)) {
    warn("no Markdown report to post (querylens check did not write one)");
    return;
  }
  if (!process.env.GITHUB_TOKEN) {
    warn("no github-token: the report is in the job summary only");
    return;
  }
  const repo = process.env.GITHUB_REPOSITORY;
  const text = body(readFileSync(report, "utf8"), process.env.QL_EXIT || "", process.env.QL_FAIL_ON || "error");
  try {
    const previous = await previousComment(repo, number);
    const comment = previous
      ? await api("PATCH", `/repos/${repo}/issues/comments/${previous.id}`, { body: text })
      : await api("POST", `/repos/${repo}/issues/${number}/comments`, { body: text });
    console.log(`QueryLens: ${previous ? "updated" : "posted"} ${comment.html_url}`);
    setOutput("comment-url", comment.html_url || "");
    setOutput("comment-action", previous ? "updated" : "created");
  } catch (e) {
    warn(`could not post the pull-request comment (${e.message}); a pull request from a fork gets a read-only token`);
  }
}

await main();
