import type { GateReport } from '../types.js';

const SINGULAR: Record<string, string> = {
  tables: 'table',
  indexes: 'index',
  policies: 'policy',
  triggers: 'trigger',
  functions: 'function',
  types: 'type',
  'enum types': 'enum type',
  values: 'value',
  columns: 'column',
  statements: 'statement',
  rows: 'row',
  'foreign keys': 'foreign key',
  migrations: 'migration',
  files: 'file',
  places: 'place',
  partitions: 'partition',
  sessions: 'session',
  objects: 'object',
};
const ONE = new RegExp(`\\b1 (${Object.keys(SINGULAR).join('|')})\\b`, 'g');

/** "1 policies" → "1 policy": counts are written into messages in many places; one pass makes them read right. */
export function singularOne(text: string): string {
  return text.replace(ONE, (_match, noun: string) => `1 ${SINGULAR[noun]}`);
}

/** The report with every count of one in its sentences (summaries, checks, messages, impacts, probes) in the singular. */
export function withGrammar(report: GateReport): GateReport {
  const finding = <T extends { message: string; impact?: string }>(f: T): T => ({
    ...f,
    message: singularOne(f.message),
    ...(f.impact !== undefined ? { impact: singularOne(f.impact) } : {}),
  });
  const tasks = report.tasks.map((task) => ({
    ...task,
    summary: singularOne(task.summary),
    findings: task.findings.map(finding),
    ...(task.checks ? { checks: task.checks.map((c) => ({ ...c, finding: singularOne(c.finding) })) } : {}),
  }));
  const probes = report.probes?.map((p) => ({ ...p, detail: singularOne(p.detail) }));
  return { ...report, tasks, findings: tasks.flatMap((t) => t.findings), ...(probes ? { probes } : {}) };
}
