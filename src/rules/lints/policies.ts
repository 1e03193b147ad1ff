/**
 * Lints over row level security policies: a check that is always true for
 * writes, per-row calls of the request helpers, and permissive policies that
 * overlap. Policies on tables without RLS do nothing (rls-disabled says so)
 * and policies only for roles RLS never applies to decide nothing: neither is
 * linted.
 */
import type { CatalogSnapshot, Policy, PolicyCommand, Table } from '../../catalog/model.js';
import type { QualifiedName } from '../../migrations/ast.js';
import { callsPerRow, isAlwaysTrue, parseExpression } from '../../migrations/expressions.js';
import { isTenantTable } from '../../validators/common.js';
import { type Lint, type Problem, key, listed, relations } from './problem.js';
import { show } from '../../migrations/names.js';

type Action = Exclude<PolicyCommand, 'ALL'>;
const ACTIONS: Action[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const WRITES: Action[] = ['INSERT', 'UPDATE', 'DELETE'];

const covers = (policy: Policy, action: Action): boolean => policy.command === 'ALL' || policy.command === action;

/** The roles RLS applies to, among those the policy names. */
const subjects = (policy: Policy): string[] => policy.roles.filter((r) => !policy.exemptRoles.includes(r));

/** Policies that decide something: on a table with RLS enabled, for a role RLS applies to. */
function deciding(snapshot: CatalogSnapshot): { policy: Policy; table: Table }[] {
  const tables = relations(snapshot);
  return snapshot.policies.flatMap((policy) => {
    const table = tables.get(key({ schema: policy.schema, name: policy.table }));
    return table?.rlsEnabled && subjects(policy).length > 0 ? [{ policy, table }] : [];
  });
}

const policyName = (policy: Policy): string => `${show({ schema: policy.schema, name: policy.table })}.${policy.name}`;

const placeOf = (policy: Policy) =>
  ({ kind: 'policy', table: { schema: policy.schema, name: policy.table }, name: policy.name }) as const;

/** What a new or changed row must satisfy for this action: WITH CHECK, else USING (which DELETE alone uses). */
function checkFor(policy: Policy, action: Action): string | null {
  return action === 'DELETE' ? policy.using : (policy.withCheck ?? policy.using);
}

const alwaysTrue = (expression: string | null): boolean =>
  expression !== null && isAlwaysTrue(parseExpression(expression));

/**
 * A permissive write policy whose check is always true lets its roles write
 * any row, unless a restrictive policy narrows the same action for them. On
 * a tenant table that breaks tenant isolation: blocking. Elsewhere it may be
 * meant (a public guest book): a warning.
 */
export const alwaysTrueWrites: Lint = (snapshot, settings) =>
  deciding(snapshot).flatMap(({ policy, table }): Problem[] => {
    if (!policy.permissive) return [];
    const open = WRITES.filter(
      (action) =>
        covers(policy, action) && alwaysTrue(checkFor(policy, action)) && !restricted(snapshot, policy, action),
    );
    if (open.length === 0) return [];
    const tenant = isTenantTable(table, settings.tenantColumn);
    const severity = tenant ? 'error' : 'warning';
    const where = tenant ? `tenant table ${show(table)} (column ${settings.tenantColumn})` : show(table);
    return [
      {
        rule: 'permissive-write-policy',
        task: 'rls',
        severity,
        message: `policy ${policy.name} on ${where} lets ${listed(subjects(policy))} ${listed(open)} any row: its check is always true`,
        object: policyName(policy),
        key: `${policyName(policy)}|${severity}`,
        subject: policy,
        places: [placeOf(policy)],
      },
    ];
  });

/** A restrictive policy that narrows this action for every role the permissive one lets in. */
function restricted(snapshot: CatalogSnapshot, policy: Policy, action: Action): boolean {
  return snapshot.policies.some(
    (other) =>
      !other.permissive &&
      other.schema === policy.schema &&
      other.table === policy.table &&
      covers(other, action) &&
      !alwaysTrue(checkFor(other, action)) &&
      (other.roles.includes('public') || subjects(policy).every((role) => other.roles.includes(role))),
  );
}

const HELPER_NAMES = /\b(uid|jwt|role|email|current_setting)\s*\(/;

/** Helpers whose value is fixed for the whole statement: auth.uid(), auth.jwt(), current_setting(). */
function perRequest(name: QualifiedName): boolean {
  if (name.schema === 'auth') return ['uid', 'jwt', 'role', 'email'].includes(name.name);
  return name.name === 'current_setting' && (name.schema ?? 'pg_catalog') === 'pg_catalog';
}

/** A request helper called outside a sub-select is evaluated again for every row the policy filters. */
export const perRowCalls: Lint = (snapshot) =>
  deciding(snapshot).flatMap(({ policy, table }): Problem[] => {
    const calls = [policy.using, policy.withCheck].flatMap((text) => {
      // Only a text that names a helper can call it: most policies need no parse here.
      const expression = text !== null && HELPER_NAMES.test(text) ? parseExpression(text) : undefined;
      return expression ? callsPerRow(expression, perRequest) : [];
    });
    if (calls.length === 0) return [];
    const names = [...new Set(calls.map((c) => `${c.schema ? `${c.schema}.` : ''}${c.name}()`))];
    return [
      {
        rule: 'policy-per-row-call',
        task: 'rls',
        severity: 'warning',
        message: `policy ${policy.name} on ${show(table)} calls ${listed(names)} for every row: write (select ${names[0]}) to evaluate it once per statement`,
        object: policyName(policy),
        key: policyName(policy),
        subject: policy,
        places: [placeOf(policy)],
      },
    ];
  });

/**
 * Permissive policies combine with OR: when several apply to the same role
 * and action, each is evaluated for every row and any one of them grants
 * access. A policy for PUBLIC applies to every role.
 */
export const multiplePermissive: Lint = (snapshot) => {
  const overlaps = new Map<string, { policies: Policy[]; roles: Set<string>; actions: Set<Action> }>();
  const byTable = new Map<string, Policy[]>();
  for (const { policy, table } of deciding(snapshot)) {
    if (policy.permissive) byTable.set(key(table), [...(byTable.get(key(table)) ?? []), policy]);
  }
  for (const policies of byTable.values()) {
    const roles = new Set(policies.flatMap(subjects));
    for (const role of roles) {
      for (const action of ACTIONS) {
        const applying = policies.filter(
          (p) => covers(p, action) && (subjects(p).includes(role) || subjects(p).includes('public')),
        );
        if (applying.length < 2) continue;
        const id = `${policyName(applying[0]!)}|${applying.map((p) => p.name).join('|')}`;
        const overlap = overlaps.get(id) ?? { policies: applying, roles: new Set(), actions: new Set() };
        overlap.roles.add(role);
        overlap.actions.add(action);
        overlaps.set(id, overlap);
      }
    }
  }
  return [...overlaps.entries()].map(([id, { policies, roles, actions }]) => {
    const first = policies[0]!;
    const table = show({ schema: first.schema, name: first.table });
    return {
      rule: 'multiple-permissive-policies',
      task: 'rls',
      severity: 'warning',
      message: `policies ${listed(policies.map((p) => p.name))} on ${table} are all permissive for ${listed([...roles])} on ${listed([...actions])}: each is evaluated for every row and any one grants access`,
      object: `${table}.${policies.map((p) => p.name).join(',')}`,
      key: id,
      subject: policies,
      places: [...policies].reverse().map(placeOf),
    };
  });
};
