import { describeDifference, diffSnapshots } from '../catalog/diff.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import type { Check, Finding } from '../types.js';

/** Extra objects are normal on a real database (history starts after them): named up to here. */
const EXTRA_NAMED = 10;

/**
 * Compares the schema the repository's earlier migrations build (on a fresh
 * embedded PostgreSQL) with the target database before the migration: what
 * the history promises and the target lacks is the seed's root cause — "the
 * database was initialized without the foundational infrastructure".
 */
export function driftCheck(
  history: CatalogSnapshot,
  target: CatalogSnapshot,
  targetName: string,
): { check: Check; findings: Finding[] } {
  const differences = diffSnapshots(history, target);
  const missing = differences.filter((d) => d.change === 'removed');
  const changed = differences.filter((d) => d.change === 'changed');
  const extra = differences.filter((d) => d.change === 'added');
  const findings: Finding[] = [
    ...missing.map<Finding>((d) => ({
      severity: 'error',
      rule: 'drift-missing',
      message: `${describeDifference(d, 'migration').replace(/ removed$/, '')} is created by the repository's migrations but missing on ${targetName}`,
      object: d.object,
      task: 'readiness',
    })),
    ...changed.map<Finding>((d) => ({
      severity: 'warning',
      rule: 'drift-changed',
      message: `${describeDifference(d)} (repository history vs ${targetName})`,
      object: d.object,
      task: 'readiness',
    })),
  ];
  if (extra.length > 0) {
    const named = extra
      .slice(0, EXTRA_NAMED)
      .map((d) => d.object)
      .join(', ');
    findings.push({
      severity: 'info',
      rule: 'drift-extra',
      message: `${extra.length} object(s) on ${targetName} that the repository's migrations do not create: ${named}${extra.length > EXTRA_NAMED ? ', …' : ''}`,
      task: 'readiness',
    });
  }
  const check: Check =
    missing.length > 0
      ? {
          name: 'Target matches migration history',
          status: 'FAIL',
          finding: `${missing.length} object(s) the history creates are missing on ${targetName}`,
        }
      : changed.length > 0
        ? {
            name: 'Target matches migration history',
            status: 'WARN',
            finding: `${changed.length} object(s) differ from the history's definition`,
          }
        : {
            name: 'Target matches migration history',
            status: 'PASS',
            finding: `every object of the migration history exists on ${targetName}`,
          };
  return { check, findings };
}
