import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../src/catalog/diff.js';
import { enumType, foreignKey, index, policy, snapshot, table } from './helpers/snapshot.js';

/**
 * A snapshot read after another keeps the objects of the relations that did
 * not change; the diff flattens only the others. What it finds must be what
 * it finds between two snapshots that share nothing.
 */
describe('diffSnapshots with objects both snapshots keep', () => {
  const orgs = table('orgs', ['id', 'name']);
  const users = table('users', ['id', 'org_id']);
  const usersIndex = index('users', 'users_org_id_idx', ['org_id']);
  const kept = { orgs, users, usersIndex, status: enumType('status', ['a', 'b']) };
  const before = snapshot({
    tables: [kept.orgs, kept.users, table('audit', ['id', 'at'])],
    indexes: [kept.usersIndex, index('audit', 'audit_at_idx', ['at'])],
    constraints: [foreignKey('users', ['org_id'], 'orgs', ['id'])],
    policies: [policy('users', 'own_org')],
    enums: [kept.status],
  });
  // users' key and policy re-read unchanged, audit gone (its index with it), events new, a policy changed.
  const after = snapshot({
    tables: [kept.orgs, kept.users, table('events', ['id'])],
    indexes: [kept.usersIndex, index('events', 'events_id_idx', ['id'])],
    constraints: [foreignKey('users', ['org_id'], 'orgs', ['id'])],
    policies: [policy('users', 'own_org', { using: 'false' })],
    enums: [kept.status],
  });

  it('finds what it finds between snapshots that share no object', () => {
    const shared = diffSnapshots(before, after);
    expect(shared).toEqual(diffSnapshots(structuredClone(before), structuredClone(after)));
    expect(shared.map((d) => `${d.change} ${d.kind} ${d.object}`)).toEqual([
      'removed table public.audit',
      'added table public.events',
      'removed index public.audit_at_idx',
      'added index public.events_id_idx',
      'changed policy public.users.own_org',
    ]);
  });

  it('a changed table beside kept objects: its new column, and a removed table without its columns', () => {
    const withColumn = {
      ...kept.users,
      columns: [...kept.users.columns, { ...kept.users.columns[0]!, name: 'email' }],
    };
    const later = snapshot({ ...after, tables: [kept.orgs, withColumn], indexes: [kept.usersIndex] });
    const differences = diffSnapshots(after, later);
    expect(differences).toEqual(diffSnapshots(structuredClone(after), structuredClone(later)));
    // users' index is kept while users is not; an index is reported on its own, as ever.
    expect(differences.map((d) => `${d.change} ${d.kind} ${d.object}`)).toEqual([
      'removed table public.events',
      'added column public.users.email',
      'removed index public.events_id_idx',
    ]);
  });
});
