/**
 * The probe stage's vocabulary: its settings (`probes:` in migration-gate.yml),
 * what one probe records, and the findings it proves.
 */
import type { Policy } from '../catalog/model.js';
import type { ProbeConfig } from '../config/schema.js';
import type { Finding, ProbeRecord, TaskId } from '../types.js';

export interface ProbeSettings {
  enabled: boolean;
  /** The application's role; unset: `authenticated` where the Supabase roles exist, else a role made for the probe. */
  role?: string;
  /** The application connects as the tables' owner: RLS must be forced to apply to it. */
  connectsAsOwner: boolean;
  /** Settings that make a session tenant A's; `{tenant}` and `{user}` stand for its tenant and user values. */
  identity?: Record<string, string>;
}

export const DEFAULT_PROBES: ProbeSettings = { enabled: true, connectsAsOwner: false };

export function probeSettings(config: ProbeConfig | undefined): ProbeSettings {
  if (config === undefined || config === 'on' || config === true) return DEFAULT_PROBES;
  if (config === 'off' || config === false) return { ...DEFAULT_PROBES, enabled: false };
  return {
    enabled: config.enabled ?? true,
    ...(config.role !== undefined ? { role: config.role } : {}),
    connectsAsOwner: config.connects_as_owner ?? false,
    ...(config.identity !== undefined ? { identity: config.identity } : {}),
  };
}

/** What the probe stage hands back: records for the report, findings for the tasks. */
export interface ProbeOutcome {
  records: ProbeRecord[];
  findings: Finding[];
  /** Objects whose structural lint the probes replaced with proof (`view-bypasses-rls` on a view shown to leak). */
  proven: { rule: Finding['rule']; object: string }[];
}

export function emptyOutcome(): ProbeOutcome {
  return { records: [], findings: [], proven: [] };
}

export function record(
  outcome: ProbeOutcome,
  task: TaskId,
  kind: string,
  object: string,
  result: ProbeRecord['outcome'],
  detail: string,
  as?: ProbeRecord['as'],
): void {
  outcome.records.push({ task, kind, object, ...(as ? { as } : {}), outcome: result, detail });
}

export type Command = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/** The policy applies to the command (FOR ALL applies to every one). */
export const covers = (policy: Policy, command: Command): boolean =>
  policy.command === 'ALL' || policy.command === command;
