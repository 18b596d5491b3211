ALTER TABLE "organizations" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "leave_ledger" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "leave_types" ADD COLUMN "max_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "leave_types" ADD COLUMN "active" boolean DEFAULT true NOT NULL;