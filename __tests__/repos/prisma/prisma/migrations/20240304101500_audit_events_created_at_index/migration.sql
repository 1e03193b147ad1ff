CREATE INDEX CONCURRENTLY "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");
