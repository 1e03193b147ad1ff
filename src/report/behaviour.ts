/**
 * The behaviour probes as the reports show them (report `probes`): per
 * task, who acted (the role and its identity settings, said once when all
 * probes of the task shared them) and one line per probe.
 */
import type { GateReport, ProbeRecord, TaskId } from '../types.js';

export const OUTCOME_MARKS: Record<ProbeRecord['outcome'], string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  info: 'i',
  skipped: '-',
};

export function taskProbes(report: GateReport, task: TaskId): ProbeRecord[] {
  return (report.probes ?? []).filter((p) => p.task === task);
}

/** `as authenticated (request.jwt.claim.sub=0b6a…)`: identity values are long; their start identifies them. */
export function sessionLabel(as: NonNullable<ProbeRecord['as']>): string {
  const settings = Object.entries(as.settings ?? {}).map(([name, value]) => `${name}=${shorten(value)}`);
  return `as ${as.role}${settings.length > 0 ? ` (${settings.join(', ')})` : ''}`;
}

/** The one session every probe of the list ran as, if they share one. */
export function sharedSession(probes: ProbeRecord[]): ProbeRecord['as'] | undefined {
  const labels = new Set(probes.filter((p) => p.as).map((p) => sessionLabel(p.as!)));
  return labels.size === 1 ? probes.find((p) => p.as)!.as : undefined;
}

export function probeLine(probe: ProbeRecord, shared: ProbeRecord['as'] | undefined): string {
  const as = probe.as && !shared ? ` (${sessionLabel(probe.as)})` : '';
  return `${OUTCOME_MARKS[probe.outcome]} ${probe.object}: ${probe.detail}${as}`;
}

function shorten(value: string): string {
  return value.length > 24 ? `${value.slice(0, 20)}…` : value;
}
