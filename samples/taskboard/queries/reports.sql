-- Queries the nightly reporting job runs (application code, not migrations).

-- Overdue open tasks per project: served by the partial index tasks_open_due_idx.
SELECT project_id, count(*) AS overdue
FROM tasks
WHERE status <> 'done' AND due_date < current_date
GROUP BY project_id;

-- Activity of one organization in the last week: served by activity_events_org_created_idx.
SELECT kind, count(*)
FROM activity_events
WHERE org_id = $1 AND created_at >= now() - interval '7 days'
GROUP BY kind;

-- Tasks assigned to one member, newest first: no index on tasks.assignee_id.
SELECT id, title, status
FROM tasks
WHERE assignee_id = $1
ORDER BY updated_at DESC
LIMIT 20;

-- querylens:ignore missing-index runs once a month on a replica; a full scan is accepted
SELECT count(*) FROM comments WHERE author_id = $1;
