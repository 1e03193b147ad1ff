/**
 * How the policies tell whose session it is, read from their text: the
 * settings they read (current_setting('…'), directly or through helper
 * functions such as auth.uid() and auth.jwt()), whether each holds a tenant
 * or a user, and where a user of a given tenant can be found. Pure: the
 * values are looked up by the caller. Configured settings (`probes.identity`)
 * replace the inference.
 */
import type { CatalogSnapshot, DbFunction, Policy, Table } from '../catalog/model.js';

/** A setting the probe sets for tenant A's session: `{tenant}` and `{user}` are replaced by A's values. */
export interface IdentitySetting {
  name: string;
  template: string;
  /** The value is a JSON document (request.jwt.claims): replaced values are JSON-escaped. */
  json: boolean;
}

export interface IdentityPlan {
  settings: IdentitySetting[];
  /** Where a user of tenant A is found, when a setting holds a user: `SELECT column FROM table WHERE tenant = A`. */
  users?: { table: Table; column: string; guessed?: boolean };
  /** Configured, or every setting's meaning is clear from its name: a probe that shows nothing can be trusted. */
  known: boolean;
  configured: boolean;
  /** Why no identity could be built (the policies read no setting the gate recognises, no user table). */
  unknown?: string;
}

const CLAIMS = /^request\.jwt\.claims?$/;
const USER = /(^|[._])(sub|uid|user|user_id|userid|member|member_id|person)([._]|$)|user/i;
const TENANT = /(tenant|org|organi[sz]ation|account|company|workspace|team|customer)/i;
const SETTING_READ = /current_setting\s*\(\s*'([^']+)'/gi;
const CALL = /([A-Za-z_][\w$]*(?:\s*\.\s*[A-Za-z_][\w$]*)?)\s*\(/g;
const READS = /\b(?:from|join)\s+((?:"?[A-Za-z_][\w$]*"?\s*\.\s*)?"?[A-Za-z_][\w$]*"?)/gi;

export function identityPlan(
  snapshot: CatalogSnapshot,
  policies: Policy[],
  tenantColumn: string,
  role: string,
  configured: Record<string, string> | undefined,
  /** The table probed: a membership table (user_id and the tenant column) maps users to tenants itself. */
  own?: Table,
): IdentityPlan {
  if (configured) {
    const settings = Object.entries(configured).map(([name, template]) => ({
      name,
      template,
      json: CLAIMS.test(name),
    }));
    const needsUser = settings.some((s) => s.template.includes('{user}'));
    const users = needsUser ? userSource(snapshot, policyTexts(snapshot, policies), tenantColumn, own) : undefined;
    return { settings, ...(users ? { users } : {}), known: true, configured: true };
  }
  const texts = policyTexts(snapshot, policies);
  const names = [...new Set(texts.flatMap((t) => [...t.matchAll(SETTING_READ)].map((m) => m[1]!)))];
  if (names.length === 0) {
    return {
      settings: [],
      known: false,
      configured: false,
      unknown: 'the policies read no session setting (current_setting, auth.uid(), auth.jwt())',
    };
  }
  const userIsTenant = USER.test(tenantColumn) && !TENANT.test(tenantColumn);
  let known = true;
  let needsUser = false;
  const settings = names.map((name): IdentitySetting => {
    if (CLAIMS.test(name)) {
      needsUser = true;
      return { name, template: claims(tenantColumn, role), json: true };
    }
    const user = USER.test(name.split('.').pop() ?? name) || /\.sub$/.test(name);
    const tenant = TENANT.test(name) || name.endsWith(tenantColumn);
    if (user && !userIsTenant) needsUser = true;
    if (user === tenant && !(user && userIsTenant)) known = false;
    return { name, template: user && !userIsTenant ? '{user}' : '{tenant}', json: false };
  });
  if (!needsUser) return { settings, known, configured: false };
  const users = userSource(snapshot, texts, tenantColumn, own);
  if (!users) {
    return {
      settings,
      known: false,
      configured: false,
      unknown: `the policies identify a user (${names.join(', ')}), and no table they read maps users to ${tenantColumn}`,
    };
  }
  return { settings, users, known: known && !users.guessed, configured: false };
}

/** The JWT claims of tenant A's user, as PostgREST / Supabase put them in request.jwt.claims. */
function claims(tenantColumn: string, role: string): string {
  const tenant = { [tenantColumn]: '{tenant}' };
  return JSON.stringify({ sub: '{user}', role, ...tenant, app_metadata: tenant, user_metadata: tenant });
}

/** The policies' expressions and the sources of the functions they call, two calls deep. */
function policyTexts(snapshot: CatalogSnapshot, policies: Policy[]): string[] {
  const texts = policies.flatMap((p) => [p.using, p.withCheck].filter((t): t is string => t !== null));
  const seen = new Set<DbFunction>();
  let frontier = texts;
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const called = frontier.flatMap((text) => [...text.matchAll(CALL)].flatMap((m) => functionsNamed(snapshot, m[1]!)));
    frontier = called.filter((f) => !seen.has(f)).map((f) => (seen.add(f), f.source));
    texts.push(...frontier);
  }
  return texts;
}

function functionsNamed(snapshot: CatalogSnapshot, written: string): DbFunction[] {
  const parts = written.replace(/\s+/g, '').split('.');
  const name = parts.pop()!;
  const schema = parts[0];
  return snapshot.functions.filter((f) => f.name === name && (schema === undefined || f.schema === schema));
}

/** A table the policies read that maps a user to its tenant: its user_id (else id) column for tenant A. */
function userSource(
  snapshot: CatalogSnapshot,
  texts: string[],
  tenantColumn: string,
  own: Table | undefined,
): IdentityPlan['users'] {
  const read = texts.flatMap((t) => [...t.matchAll(READS)].map((m) => m[1]!.replace(/["\s]/g, '')));
  for (const written of read) {
    const [schema, name] = written.includes('.') ? written.split('.') : [undefined, written];
    const table = snapshot.tables.find(
      (t) => t.name === name && (schema === undefined || t.schema === schema) && hasColumn(t, tenantColumn),
    );
    const column = table && ['user_id', 'id'].find((c) => hasColumn(table, c));
    if (table && column) return { table, column };
  }
  if (own && hasColumn(own, 'user_id') && hasColumn(own, tenantColumn)) return { table: own, column: 'user_id' };
  // Any table that maps users to tenants (memberships, profiles): a guess, so a probe that shows nothing proves nothing.
  const mapping = snapshot.tables.find(
    (t) => (t.kind === 'table' || t.kind === 'partitioned') && hasColumn(t, 'user_id') && hasColumn(t, tenantColumn),
  );
  return mapping && { table: mapping, column: 'user_id', guessed: true };
}

const hasColumn = (table: Table, column: string): boolean => table.columns.some((c) => c.name === column);

/** The value of one setting for a tenant and its user. */
export function settingValue(setting: IdentitySetting, tenant: string, user: string | undefined): string {
  const escape = (value: string): string => (setting.json ? JSON.stringify(value).slice(1, -1) : value);
  return setting.template.replaceAll('{tenant}', escape(tenant)).replaceAll('{user}', escape(user ?? ''));
}
