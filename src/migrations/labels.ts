/** A statement's parse node kind as people write it: `AlterTableStmt` → `ALTER TABLE`. */
const LABELS: Record<string, string> = {
  CreateStmt: 'CREATE TABLE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  CreateTrigStmt: 'CREATE TRIGGER',
  RenameStmt: 'RENAME',
  DropStmt: 'DROP',
  VacuumStmt: 'VACUUM',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  LockStmt: 'LOCK TABLE',
};

export function statementLabel(kind: string): string {
  return (
    LABELS[kind] ??
    kind
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}
