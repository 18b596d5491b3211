CREATE TABLE "task_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"user_id" uuid,
	"role" text,
	"department_id" uuid
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "step" text;--> statement-breakpoint
UPDATE "tasks" SET "step" = "task_key";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "step" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "permission" text;--> statement-breakpoint
-- Every task before the kit was a leave approval.
UPDATE "tasks" SET "permission" = 'leave:approve';--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "permission" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "delegate_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "queue_label" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "candidate_department_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "event_key" text;--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_candidates" ADD CONSTRAINT "task_candidates_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_candidates_task" ON "task_candidates" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_candidates_org_user" ON "task_candidates" USING btree ("org_id","user_id") WHERE "task_candidates"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "task_candidates_org_role" ON "task_candidates" USING btree ("org_id","role","department_id") WHERE "task_candidates"."role" is not null;--> statement-breakpoint
CREATE INDEX "task_candidates_org_department" ON "task_candidates" USING btree ("org_id","department_id") WHERE "task_candidates"."role" is null and "task_candidates"."department_id" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_subject_id_users_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_delegate_id_users_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_candidate_department_id_departments_id_fk" FOREIGN KEY ("candidate_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_org_delegate" ON "tasks" USING btree ("org_id","delegate_id") WHERE "tasks"."delegate_id" is not null;--> statement-breakpoint
CREATE INDEX "tasks_org_completed_by" ON "tasks" USING btree ("org_id","completed_by","completed_at");--> statement-breakpoint
CREATE INDEX "tasks_org_case" ON "tasks" USING btree ("org_id","case_type","case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_event_key" ON "audit_log" USING btree ("event_key");--> statement-breakpoint
-- Former holders who may still decide move to the candidates table before their column goes.
INSERT INTO "task_candidates" ("org_id", "task_id", "relation", "user_id")
  SELECT t."org_id", t."id", 'also', u.id FROM "tasks" t CROSS JOIN LATERAL unnest(t."also_allowed_ids") AS u(id) WHERE t."status" = 'open';--> statement-breakpoint
UPDATE "tasks" t SET "subject_id" = r."employee_id" FROM "leave_requests" r WHERE t."case_type" = 'leave' AND t."case_id" = r."id"::text;--> statement-breakpoint
ALTER TABLE "tasks" DROP COLUMN "also_allowed_ids";