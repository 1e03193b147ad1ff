/**
 * One table's tenant isolation trials, as tenant A's session: what it sees,
 * what it may change of A's rows and of tenant B's, what it may insert for
 * either; a leak names the policies that let B's rows through.
 */
import type pg from 'pg';
import type { Policy, Table } from '../catalog/model.js';
import { show } from '../migrations/names.js';
import { isDatabaseError } from '../apply/send.js';
import type { IdentityPlan } from './identity.js';
import { covers, record, type Command, type ProbeOutcome } from './model.js';
import { policyPosition, probeFinding, relationPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import {
  asSessionStatement,
  asSessionStatements,
  id,
  isRlsRefusal,
  relation,
  settingStatements,
  trialStatement,
  type Session,
} from './session.js';

/** What one statement of a trial got: its result, or the server's refusal. */
type Trial<R extends pg.QueryResultRow = pg.QueryResultRow> = pg.QueryResult<R> | pg.DatabaseError;

export class TableProbe {
  private readonly name: string;
  private readonly tenant: string;

  constructor(
    private readonly client: pg.Client,
    private readonly scope: ProbeScope,
    private readonly table: Table,
    private readonly session: Session,
    private readonly tenants: { a: string; b: string },
    private readonly policies: Policy[],
    private readonly plan: IdentityPlan,
    private readonly outcome: ProbeOutcome,
  ) {
    this.name = show(table);
    this.tenant = id(client, scope.ctx.tenantColumn);
  }

  private get as() {
    return { role: this.session.role, settings: this.session.settings };
  }

  /**
   * What tenant A's session gets from SELECT, and from UPDATE and DELETE of
   * tenant B's rows then of A's own, where a policy allows the command: in one
   * message (see `asSessionStatements`), every one of them undone.
   */
  async trials(): Promise<{ select: Trial<{ own: boolean; n: number }>; writes: Map<string, Trial> }> {
    const table = relation(this.client, this.table);
    const writes = (['UPDATE', 'DELETE'] as const)
      .filter((command) => this.policies.some((p) => p.permissive && covers(p, command)))
      .flatMap((command) => {
        const verb =
          command === 'UPDATE' ? `UPDATE ${table} SET ${this.tenant} = ${this.tenant}` : `DELETE FROM ${table}`;
        return (['B', 'A'] as const).map((whose) => ({
          key: `${command} ${whose}`,
          statement: {
            text: `${verb} WHERE ${this.tenant}::text = $1`,
            values: [whose === 'A' ? this.tenants.a : this.tenants.b],
          },
        }));
      });
    const select = {
      text: `SELECT ${this.tenant}::text = $1 AS own, count(*)::int AS n FROM ${table} GROUP BY 1`,
      values: [this.tenants.a],
    };
    const [grouped, ...written] = await asSessionStatements<{ own: boolean; n: number }>(this.client, this.session, [
      select,
      ...writes.map((w) => w.statement),
    ]);
    return {
      select: grouped!,
      writes: new Map(writes.map((w, i) => [w.key, written[i]!])),
    };
  }

  /** How many of A's rows tenant A sees; undefined when SELECT failed (said). */
  async select(grouped: Trial<{ own: boolean; n: number }>): Promise<number | undefined> {
    if (isDatabaseError(grouped)) {
      record(
        this.outcome,
        'rls',
        'isolation',
        this.name,
        'info',
        `SELECT as ${this.session.role} failed: ${grouped.message}`,
        this.as,
      );
      return undefined;
    }
    const { rows } = grouped;
    const counted = { own: rows.find((r) => r.own)?.n ?? 0, other: rows.find((r) => !r.own)?.n ?? 0 };
    // With an identity the gate is unsure of, other tenants' rows prove a leak only once A sees its own too.
    if (counted.other > 0 && (this.plan.known || counted.own > 0))
      await this.leak('SELECT', `returns ${counted.other} rows of another tenant`);
    else if (counted.own > 0)
      record(
        this.outcome,
        'rls',
        'isolation',
        `${this.name} SELECT`,
        'pass',
        `sees ${counted.own} rows of tenant A, none of tenant B`,
        this.as,
      );
    return counted.own;
  }

  /** The writes row level security refused on tenant A's own rows. */
  async writes(trials: Map<string, Trial>): Promise<Command[]> {
    for (const command of ['UPDATE', 'DELETE'] as const) {
      const changed = (whose: 'A' | 'B') => {
        const result = trials.get(`${command} ${whose}`);
        return result === undefined || isDatabaseError(result) ? result : (result.rowCount ?? 0);
      };
      const other = changed('B');
      const own = changed('A');
      if (other === undefined || own === undefined) continue;
      if (typeof other === 'number' && other > 0) await this.leak(command, `changes ${other} rows of tenant B`);
      else this.written(command, own, other);
    }
    const refused = this.policies.some((p) => p.permissive && covers(p, 'INSERT')) && (await this.insert());
    return refused ? ['INSERT'] : [];
  }

  private written(command: Command, own: number | pg.DatabaseError, other: number | pg.DatabaseError): void {
    const text = (n: number | pg.DatabaseError): string =>
      typeof n === 'number' ? `${n} rows` : `failed (${n.message})`;
    const fine = typeof other === 'number' && typeof own === 'number' && own > 0;
    record(
      this.outcome,
      'rls',
      'isolation',
      `${this.name} ${command}`,
      fine ? 'pass' : 'info',
      `tenant A's rows: ${text(own)}; tenant B's rows: ${text(other)}`,
      this.as,
    );
  }

  /** A copy of one of A's rows, given tenant B (must be refused) and tenant A (must go in). */
  private async insert(): Promise<boolean> {
    const columns = this.table.columns.filter(
      (c) =>
        c.generated === null && c.identity === null && (c.default === null || c.name === this.scope.ctx.tenantColumn),
    );
    const names = columns.map((c) => id(this.client, c.name));
    // A row tenant A's session can see passes whatever else its policies ask of a row (its user, say).
    const visible = await asSessionStatement<string[]>(this.client, this.session, {
      text: `SELECT ${names.map((n) => `${n}::text`).join(', ')} FROM ${relation(this.client, this.table)} WHERE ${this.tenant}::text = $1 LIMIT 1`,
      values: [this.tenants.a],
      rowMode: 'array',
    });
    const template = isDatabaseError(visible) ? undefined : visible.rows[0];
    if (!template) return false;
    const at = columns.findIndex((c) => c.name === this.scope.ctx.tenantColumn);
    const insert = (tenant: string) =>
      asSessionStatement(this.client, this.session, {
        text: `INSERT INTO ${relation(this.client, this.table)} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
        values: template.map((v, i) => (i === at ? tenant : v)),
      });
    const other = await insert(this.tenants.b);
    if (!isDatabaseError(other)) {
      await this.leak('INSERT', 'inserts a row for tenant B');
      return false;
    }
    const own = await insert(this.tenants.a);
    const refusedOwn = isDatabaseError(own) && isRlsRefusal(own);
    const detail = `a row for tenant B: ${isRlsRefusal(other) ? 'refused by row level security' : `failed (${other.message})`}; for tenant A: ${isDatabaseError(own) ? `failed (${own.message})` : 'inserted'}`;
    const result = isRlsRefusal(other) && !isDatabaseError(own) ? 'pass' : 'info';
    record(this.outcome, 'rls', 'isolation', `${this.name} INSERT`, result, detail, this.as);
    return refusedOwn;
  }

  /** A blocking finding naming the policies that let tenant B's rows through. */
  private async leak(command: Command, what: string): Promise<void> {
    const fault: Policy[] = [];
    for (const policy of this.policies.filter((p) => p.permissive && covers(p, command))) {
      const expression = command === 'INSERT' ? (policy.withCheck ?? policy.using) : policy.using;
      if (expression === null) continue;
      const statement = {
        text: `SELECT count(*)::int AS n FROM ${relation(this.client, this.table)} WHERE ${this.tenant}::text = $1 AND (${expression})`,
        values: [this.tenants.b],
      };
      const passes = await trialStatement<{ n: number }>(
        this.client,
        statement,
        settingStatements(this.client, this.session.settings),
      );
      if (!isDatabaseError(passes) && passes.rows[0]!.n > 0) fault.push(policy);
    }
    const named = fault.length > 0 ? fault : this.policies.filter((p) => p.permissive && covers(p, command));
    const by =
      named.length > 0 ? `: policy ${named.map((p) => p.name).join(', ')} lets them through` : ': no policy limits it';
    const message = `as ${this.session.role} with tenant A's identity, ${command} on ${this.name} ${what}${by}`;
    const object = named[0] ? `${this.name}.${named[0].name}` : this.name;
    this.outcome.findings.push(
      probeFinding(this.scope.ctx, 'rls', 'error', 'tenant-isolation-leak', message, object, this.blamed(named)),
    );
    record(this.outcome, 'rls', 'isolation', `${this.name} ${command}`, 'fail', message, this.as);
  }

  private blamed(policies: Policy[]) {
    for (const policy of policies) {
      const at = policyPosition(this.scope.ctx, policy);
      if (at) return at;
    }
    return relationPosition(this.scope.ctx, this.table);
  }
}
