CREATE TABLE IF NOT EXISTS "activity_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "activity_events_org_created_idx" ON "activity_events" USING btree ("org_id","created_at" DESC);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tasks_open_due_idx" ON "tasks" USING btree ("due_date") WHERE status <> 'done';--> statement-breakpoint
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "projects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tasks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "comments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "members can read their organization" ON "organizations" AS PERMISSIVE FOR SELECT TO "authenticated" USING (id IN (SELECT org_id FROM members WHERE user_id = auth.uid()));--> statement-breakpoint
CREATE POLICY "members can read co-members" ON "members" AS PERMISSIVE FOR SELECT TO "authenticated" USING (org_id IN (SELECT org_id FROM members m WHERE m.user_id = auth.uid()));--> statement-breakpoint
CREATE POLICY "members can read projects" ON "projects" AS PERMISSIVE FOR SELECT TO "authenticated" USING (org_id IN (SELECT org_id FROM members WHERE user_id = auth.uid()));--> statement-breakpoint
CREATE POLICY "members can manage tasks" ON "tasks" AS PERMISSIVE FOR ALL TO "authenticated" USING (project_id IN (SELECT p.id FROM projects p JOIN members m ON m.org_id = p.org_id WHERE m.user_id = auth.uid()));
