import { z } from 'zod';
import { TOOLS } from '../layouts/model.js';

/** `30s`, `500ms`, `2m` or a number of milliseconds. */
const duration = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(ms|s|m)$/, 'expected a duration like 500ms, 30s or 2m')
    .transform(toMilliseconds),
]);

function toMilliseconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/.exec(text)!;
  const factor = { ms: 1, s: 1_000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  return Math.round(Number(match[1]) * factor);
}

/** An exact count, or bounds: `4`, `{ min: 15 }`, `{ min: 1, max: 3 }`. */
const count = z.union([
  z.number().int().nonnegative(),
  z.strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() }),
]);
export type Count = z.infer<typeof count>;

const fkAction = z
  .enum([
    'cascade',
    'restrict',
    'set null',
    'set default',
    'no action',
    'CASCADE',
    'RESTRICT',
    'SET NULL',
    'SET DEFAULT',
    'NO ACTION',
  ])
  .transform((value) => value.toUpperCase());

const tableExpectation = z.strictObject({
  columns: z.union([count, z.array(z.string()).min(1)]).optional(),
  partitioned: z.boolean().optional(),
  partitions: count.optional(),
  rls: z.boolean().optional(),
  policies: z
    .union([
      count,
      z.strictObject({ select: count, insert: count, update: count, delete: count, all: count }).partial(),
    ])
    .optional(),
  indexes: count.optional(),
});

const triggerExpectation = z.strictObject({
  name: z.string(),
  table: z.string(),
  function: z.string().optional(),
  timing: z
    .enum(['BEFORE', 'AFTER', 'INSTEAD OF', 'before', 'after', 'instead of'])
    .transform((v) => v.toUpperCase())
    .optional(),
  events: z
    .array(
      z
        .enum(['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'insert', 'update', 'delete', 'truncate'])
        .transform((v) => v.toUpperCase()),
    )
    .optional(),
});

const foreignKeyExpectation = z.strictObject({
  from: z.string().regex(/^[\w.]+\.\w+$/, 'expected table.column'),
  to: z.string().regex(/^[\w.]+\.\w+$/, 'expected table.column'),
  on_delete: fkAction.optional(),
});

export const expectationSchema = z.strictObject({
  tables: z.record(z.string(), tableExpectation).optional(),
  policies: count.optional(),
  indexes: count.optional(),
  functions: z.array(z.string()).optional(),
  triggers: z.array(triggerExpectation).optional(),
  enums: z.record(z.string(), z.union([z.number().int().positive(), z.array(z.string()).min(1)])).optional(),
  foreign_keys: z.array(foreignKeyExpectation).optional(),
  rollback: z.strictObject({ required: z.boolean().optional(), max_duration: duration.optional() }).optional(),
});
export type Expectations = z.infer<typeof expectationSchema>;

/** A run-time parameter name as PostgreSQL spells them (`search_path`, `role`, `app.tenant`). */
export const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

const sessionSettings = z.record(
  z.string().regex(SETTING_NAME, 'expected a setting name like search_path or app.tenant_id'),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

export const configSchema = z.strictObject({
  dir: z.string().optional(),
  tool: z.enum(TOOLS).optional(),
  baseline: z.string().optional(),
  prerequisites: z.array(z.string()).optional(),
  fixtures: z.array(z.string()).optional(),
  timeouts: z
    .strictObject({ statement: duration.optional(), lock: duration.optional(), run: duration.optional() })
    .optional(),
  tenant_column: z.string().optional(),
  session: sessionSettings.optional(),
  rollback: z.strictObject({ required: z.boolean().optional() }).optional(),
  expectations: z.record(z.string(), expectationSchema).optional(),
});
export type ConfigFile = z.infer<typeof configSchema>;
