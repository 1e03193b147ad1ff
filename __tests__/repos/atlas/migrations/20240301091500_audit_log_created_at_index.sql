-- atlas:txmode none

-- Create index "audit_log_created_at_idx" to table: "audit_log"
CREATE INDEX CONCURRENTLY "audit_log_created_at_idx" ON "audit_log" ("created_at");
