import type { Policy, Table } from '../catalog/model.js';
import type { Finding, TaskResult } from '../types.js';
import type { RuleId } from '../rules/catalogue.js';
import {
  countMatches,
  created,
  createdNamed,
  describeCount,
  findTable,
  finding,
  isTenantTable,
  taskResult,
  type ValidationContext,
  resolve,
  resolveKey,
} from './common.js';
import { same, show } from '../migrations/names.js';
import { rlsLints } from '../rules/lints/index.js';

const COMMANDS = ['select', 'insert', 'update', 'delete', 'all'] as const;

/**
 * Task `rls`: row-level security is on wherever it matters, and the policies
 * the migration declares exist with their commands.
 */
export function validateRls(ctx: ValidationContext): TaskResult {
  const findings: Finding[] = [];
  const add = (severity: 'error' | 'warning', rule: RuleId, message: string, object: string, table?: Table): void => {
    const at = table ? createdNamed(ctx, 'table', table) : undefined;
    findings.push(finding('rls', severity, rule, message, ctx, object, at));
  };
  const touched = touchedTables(ctx);
  for (const table of touched) {
    const policies = policiesOn(ctx, table);
    if (policies.length > 0 && !table.rlsEnabled) {
      add(
        'error',
        'rls-disabled',
        `table ${show(table)} has ${policies.length} policies but RLS is not enabled: they are ignored`,
        show(table),
        table,
      );
    } else if (
      !table.rlsEnabled &&
      isTenantTable(table, ctx.tenantColumn) &&
      !table.partitionOf &&
      madeTenant(ctx, table)
    ) {
      add(
        'error',
        'tenant-table-without-rls',
        `tenant table ${show(table)} (column ${ctx.tenantColumn}) does not enable RLS`,
        show(table),
        table,
      );
    } else if (table.rlsEnabled && policies.length === 0) {
      add(
        'warning',
        'rls-without-policy',
        `table ${show(table)} enables RLS without any policy: only its owner can read it`,
        show(table),
        table,
      );
    }
  }

  for (const object of created(ctx, 'policy')) {
    const table = resolve(ctx, object.table ?? { name: '?' });
    const policy = ctx.after.policies.find(
      (p) => p.name === object.name && same(table, { schema: p.schema, name: p.table }),
    );
    if (!policy) {
      findings.push(
        finding(
          'rls',
          'error',
          'policy-missing',
          `policy ${object.name} on ${show(table)} does not exist`,
          ctx,
          object.name,
          object,
        ),
      );
    } else if (object.details?.kind === 'policy' && object.details.command !== policy.command) {
      findings.push(
        finding(
          'rls',
          'error',
          'policy-command',
          `policy ${object.name} is FOR ${policy.command}, declared FOR ${object.details.command}`,
          ctx,
          object.name,
          object,
        ),
      );
    }
  }

  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const table = findTable(ctx.after, resolveKey(ctx, key));
    if (!table) continue;
    if (expected.rls !== undefined && expected.rls !== table.rlsEnabled) {
      add(
        'error',
        'rls-expected',
        `table ${show(table)} has RLS ${table.rlsEnabled ? 'enabled' : 'disabled'}, expected ${expected.rls ? 'enabled' : 'disabled'}`,
        show(table),
        table,
      );
    }
    const policies = policiesOn(ctx, table);
    if (
      typeof expected.policies === 'number' ||
      (expected.policies && ('min' in expected.policies || 'max' in expected.policies))
    ) {
      const count = expected.policies as Parameters<typeof countMatches>[0];
      if (!countMatches(count, policies.length)) {
        add(
          'error',
          'policy-count',
          `table ${show(table)} has ${policies.length} policies, expected ${describeCount(count)}`,
          show(table),
          table,
        );
      }
    } else if (expected.policies) {
      const perCommand = expected.policies as Partial<
        Record<(typeof COMMANDS)[number], Parameters<typeof countMatches>[0]>
      >;
      for (const command of COMMANDS) {
        const count = perCommand[command];
        const actual = policies.filter((p) => p.command === command.toUpperCase()).length;
        if (count !== undefined && !countMatches(count, actual)) {
          add(
            'error',
            'policy-count',
            `table ${show(table)} has ${actual} ${command.toUpperCase()} policies, expected ${describeCount(count)}`,
            show(table),
            table,
          );
        }
      }
    }
  }
  if (ctx.expected.policies !== undefined) {
    const total = touched.reduce((sum, t) => sum + policiesOn(ctx, t).length, 0);
    if (!countMatches(ctx.expected.policies, total)) {
      findings.push(
        finding(
          'rls',
          'error',
          'policy-count',
          `${total} policies on the migration's tables, expected ${describeCount(ctx.expected.policies)}`,
          ctx,
        ),
      );
    }
  }
  // A tenant table said to lack RLS needs no second finding for being exposed too.
  const tenantTables = new Set(findings.filter((f) => f.rule === 'tenant-table-without-rls').map((f) => f.object));
  findings.push(...rlsLints(ctx).filter((f) => f.rule !== 'exposed-table-without-rls' || !tenantTables.has(f.object)));
  const withPolicies = touched.filter((t) => policiesOn(ctx, t).length > 0);
  const total = withPolicies.reduce((sum, t) => sum + policiesOn(ctx, t).length, 0);
  const summary =
    total === 0
      ? 'No policies; no tenant table without RLS'
      : `${total} policies on ${withPolicies.length} tables, RLS enabled`;
  return taskResult('rls', findings, summary);
}

/** Tables the migration creates, or whose RLS or policies it changes. */
function touchedTables(ctx: ValidationContext): Table[] {
  const names = [
    ...created(ctx, 'table').map((o) => resolve(ctx, o)),
    ...created(ctx, 'policy').map((p) => resolve(ctx, p.table ?? { name: '?' })),
    ...ctx.target.statements
      .filter((s) => s.kind === 'AlterTableStmt')
      .flatMap((s) => s.references.filter((r) => r.role === 'alter').map((r) => resolve(ctx, r.object))),
  ];
  const tables: Table[] = [];
  for (const name of names) {
    const table = findTable(ctx.after, name);
    if (table && (table.kind === 'table' || table.kind === 'partitioned') && !tables.includes(table))
      tables.push(table);
  }
  return tables;
}

function policiesOn(ctx: ValidationContext, table: Table): Policy[] {
  return ctx.after.policies.filter((p) => p.schema === table.schema && p.table === table.name);
}

/**
 * The migration made this an unprotected tenant table: it created it, gave it
 * the tenant column, or switched its RLS off. A table that was already one is
 * not this migration's doing (altering it for something else must not block).
 */
function madeTenant(ctx: ValidationContext, table: Table): boolean {
  const before = findTable(ctx.before, table);
  return !before || !isTenantTable(before, ctx.tenantColumn) || before.rlsEnabled;
}
