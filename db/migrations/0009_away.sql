ALTER TABLE "tasks" ADD COLUMN "standing_in_for_id" uuid;--> statement-breakpoint
ALTER TABLE "absences" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_standing_in_for_id_users_id_fk" FOREIGN KEY ("standing_in_for_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_source_key" UNIQUE("source_key");