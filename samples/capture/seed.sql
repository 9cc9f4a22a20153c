-- Deterministic data at a size where a missing index shows: 20 organizations, 400 members,
-- 200 projects, 200,000 tasks, 400,000 comments. Runs with statement logging off.
INSERT INTO organizations (name, slug, plan)
SELECT 'Org ' || g, 'org-' || g, CASE WHEN g % 4 = 0 THEN 'team' ELSE 'free' END
FROM generate_series(1, 20) g;

INSERT INTO members (org_id, user_id, email, role)
SELECT 1 + (g - 1) / 20,
       md5('user' || g)::uuid,
       'User' || g || '@Example.com',
       CASE WHEN g % 20 = 1 THEN 'owner' ELSE 'member' END
FROM generate_series(1, 400) g;

INSERT INTO projects (org_id, name, archived_at)
SELECT 1 + (g - 1) / 10, 'Project ' || g, CASE WHEN g % 10 = 0 THEN now() - interval '30 days' END
FROM generate_series(1, 200) g;

INSERT INTO tasks (project_id, assignee_id, title, status, priority, due_date, created_at, updated_at)
SELECT 1 + (g - 1) % 200,
       1 + (g * 7) % 400,
       (ARRAY['Fix', 'Write', 'Review', 'Ship', 'Plan'])[1 + g % 5] || ' ' ||
       (ARRAY['login flow', 'billing page', 'API docs', 'onboarding', 'search', 'export'])[1 + g % 6] || ' #' || g,
       (ARRAY['todo', 'doing', 'done', 'done'])[1 + (g / 200) % 4],
       1 + g % 5,
       date '2026-01-01' + (g % 365),
       timestamptz '2025-01-01' + g * interval '2 minutes',
       timestamptz '2025-01-01' + g * interval '2 minutes'
FROM generate_series(1, 200000) g;

INSERT INTO comments (task_id, author_id, body, created_at)
SELECT 1 + (g * 31) % 200000, 1 + g % 400, 'Comment ' || g, timestamptz '2025-06-01' + g * interval '1 minute'
FROM generate_series(1, 400000) g;

ANALYZE;
