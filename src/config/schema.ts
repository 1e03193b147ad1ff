import { z } from 'zod';
import { POSTGRES_MAJORS } from '../database/majors.js';
import { TOOLS } from '../layouts/model.js';
import { RULE_IDS } from '../rules/catalogue.js';

const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/** `30s`, `500ms`, `2m`, `1h` or a number of milliseconds. */
const duration = z.union([z.number().int().nonnegative(), z.string().regex(DURATION).transform(toMilliseconds)], {
  error: 'expected a duration like 500ms, 30s, 2m or a whole number of milliseconds',
});

function toMilliseconds(text: string): number {
  const match = DURATION.exec(text)!;
  return Math.round(Number(match[1]) * UNITS[match[2] as keyof typeof UNITS]);
}

/**
 * A limit the gate sets on the server. PostgreSQL reads 0 as "no limit", and a
 * migration under review must never run unbounded; the ceiling keeps a typo
 * (`30000s`) from doing the same, and stays far below the server's own
 * maximum (2147483647 ms).
 */
function limit(max: `${number}h`) {
  const maxMs = toMilliseconds(max);
  return duration.pipe(
    z
      .number()
      .min(1, "at least 1ms: 0 turns PostgreSQL's timeout off, and the gate's limits must always hold")
      .max(maxMs, `at most ${max} (${maxMs} ms)`),
  );
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

/** `16` or `"16"`: YAML reads a bare number as a number. */
const postgresVersion = z
  .union([z.number(), z.string()])
  .transform(String)
  .pipe(z.enum(POSTGRES_MAJORS, { error: `expected a PostgreSQL major version: ${POSTGRES_MAJORS.join(', ')}` }));

/** `probes: off`, or the application's role and how a session says whose it is (docs/probes.md). */
const probeSettings = z.union([
  z.enum(['on', 'off']),
  z.boolean(),
  z.strictObject({
    enabled: z.boolean().optional(),
    role: z.string().min(1).optional(),
    connects_as_owner: z.boolean().optional(),
    identity: z
      .record(
        z.string().regex(SETTING_NAME, 'expected a setting name like app.tenant_id'),
        z.union([z.string(), z.number()]).transform(String),
      )
      .optional(),
  }),
]);
export type ProbeConfig = z.infer<typeof probeSettings>;

export const configSchema = z.strictObject({
  dir: z.string().optional(),
  tool: z.enum(TOOLS).optional(),
  postgres_version: postgresVersion.optional(),
  baseline: z.string().optional(),
  prerequisites: z.array(z.string()).optional(),
  /** SQL files of test data; `generate` (alone or in the list) adds generated rows after them. */
  fixtures: z
    .union([z.literal('generate'), z.array(z.string())], {
      error: 'expected a list of SQL files (the word generate may be one of them), or generate',
    })
    .optional(),
  timeouts: z
    .strictObject({ statement: limit('24h').optional(), lock: limit('1h').optional(), run: limit('24h').optional() })
    .optional(),
  tenant_column: z.string().optional(),
  exposed_schemas: z.array(z.string().min(1)).optional(),
  session: sessionSettings.optional(),
  rules: z.partialRecord(z.enum(RULE_IDS), z.enum(['off', 'warning', 'error'])).optional(),
  /** Production rows per table (`table` or `schema.table`), for what a lock would cost there. */
  table_sizes: z.record(z.string(), z.number().int().nonnegative()).optional(),
  rollback: z.strictObject({ required: z.boolean().optional() }).optional(),
  probes: probeSettings.optional(),
  expectations: z.record(z.string(), expectationSchema).optional(),
});
export type ConfigFile = z.infer<typeof configSchema>;
