ALTER TABLE "outbound_emails" ADD COLUMN "body" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "last_error" text;--> statement-breakpoint
CREATE INDEX "outbound_emails_due_idx" ON "outbound_emails" USING btree ("next_attempt_at") WHERE "outbound_emails"."sent_at" is null;--> statement-breakpoint
-- Rows left unsent by the old in-activity sender have no body to send: park them for an operator.
UPDATE "outbound_emails" SET "next_attempt_at" = 'infinity', "last_error" = 'queued before the outbox kept message bodies; not sent' WHERE "sent_at" IS NULL;
