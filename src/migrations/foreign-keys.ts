import type { ForeignKeyDef, Statement } from './model.js';

export interface DeclaredForeignKey {
  table: { schema?: string; name: string };
  foreignKey: ForeignKeyDef;
}

/** Every foreign key the statements declare: in CREATE TABLE, then added by ALTER TABLE, in file order. */
export function declaredForeignKeys(statements: Statement[]): DeclaredForeignKey[] {
  return statements.flatMap((statement) => [
    ...statement.creates.flatMap((table) =>
      table.details?.kind === 'table' ? table.details.foreignKeys.map((foreignKey) => ({ table, foreignKey })) : [],
    ),
    ...(statement.addsForeignKeys ?? []),
  ]);
}
