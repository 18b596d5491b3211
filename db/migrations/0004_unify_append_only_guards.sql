-- 0001 and 0003 were edited after they landed: they once created `refuse_ledger_change` and
-- `refuse_audit_change`, now one `refuse_change`. The migrator never re-runs an applied migration, so
-- databases migrated before the edit still have the old functions. This brings them to the state a
-- fresh database reaches, and changes nothing on a fresh one.
CREATE OR REPLACE FUNCTION "refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "leave_ledger_append_only" ON "leave_ledger";
--> statement-breakpoint
CREATE TRIGGER "leave_ledger_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "leave_ledger"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "audit_log_append_only" ON "audit_log";
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change"();
--> statement-breakpoint
DROP FUNCTION IF EXISTS "refuse_ledger_change"();
--> statement-breakpoint
DROP FUNCTION IF EXISTS "refuse_audit_change"();
