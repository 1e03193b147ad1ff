import { describeDifference, diffSnapshots, type SchemaDifference } from '../catalog/diff.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { serverNotes } from '../hints/index.js';
import type { Check, Finding } from '../types.js';
import type { HistoryBuild } from './history.js';

/** Extra objects are normal on a real database (history starts after them): named up to here. */
const EXTRA_NAMED = 10;
/** Objects named per missing migration. */
const OBJECTS_NAMED = 5;

const CHECK_NAME = 'Target matches migration history';

/**
 * Compares the schema the repository builds (on a fresh embedded PostgreSQL)
 * with the target database before the migration — catalog against catalog,
 * never a prediction from the files' text. What the history promises and the
 * target lacks is the seed's root cause ("the database was initialized without
 * the foundational infrastructure"), and each missing object is traced to the
 * file that made it, so the user learns which migration was never applied.
 */
export function driftCheck(
  history: HistoryBuild,
  target: CatalogSnapshot,
  targetName: string,
): { check: Check; findings: Finding[] } {
  if (history.status === 'failed') {
    const { file, error } = history;
    const message = `cannot compare ${targetName} with the repository's history: ${file}:${error.position.line}:${error.position.column} fails on an empty database (${error.message}); give the production schema as the baseline to compare`;
    return {
      check: { name: CHECK_NAME, status: 'WARN', finding: message },
      findings: [
        {
          severity: 'warning',
          rule: 'history-not-buildable',
          message,
          file,
          task: 'readiness',
          ...error.position,
          ...serverNotes(error),
        },
      ],
    };
  }
  const differences = diffSnapshots(history.snapshot, target);
  const missing = differences.filter((d) => d.change === 'removed');
  const changed = differences.filter((d) => d.change === 'changed');
  const extra = differences.filter((d) => d.change === 'added');
  const from = (d: SchemaDifference): string => {
    const file = history.originOf(d);
    return file ? ` (from ${file})` : '';
  };
  const findings: Finding[] = [
    ...notApplied(missing, history.originOf, targetName),
    ...missing.map<Finding>((d) => ({
      severity: 'error',
      rule: 'drift-missing',
      message: `${describeDifference(d, 'migration').replace(/ removed$/, '')} is created by the repository's migrations but missing on ${targetName}${from(d)}`,
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
          name: CHECK_NAME,
          status: 'FAIL',
          finding: `${missing.length} object(s) the history creates are missing on ${targetName}`,
        }
      : changed.length > 0
        ? {
            name: CHECK_NAME,
            status: 'WARN',
            finding: `${changed.length} object(s) differ from the history's definition`,
          }
        : {
            name: CHECK_NAME,
            status: 'PASS',
            finding: `every object of the migration history exists on ${targetName}`,
          };
  return { check, findings };
}

/** One finding per file whose objects are missing: "0003_accounts.sql is not applied on …". */
function notApplied(
  missing: SchemaDifference[],
  originOf: (d: SchemaDifference) => string | undefined,
  targetName: string,
): Finding[] {
  const byFile = new Map<string, SchemaDifference[]>();
  for (const d of missing) {
    const file = originOf(d);
    if (file) byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  return [...byFile].map(([file, objects]) => {
    const named = objects
      .slice(0, OBJECTS_NAMED)
      .map((d) => d.object)
      .join(', ');
    return {
      severity: 'error',
      rule: 'earlier-migration-not-applied',
      message: `${file} is not applied on ${targetName}: ${objects.length} object(s) it creates or changes are missing (${named}${objects.length > OBJECTS_NAMED ? ', …' : ''})`,
      file,
      task: 'readiness',
    };
  });
}
