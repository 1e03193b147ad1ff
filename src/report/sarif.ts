/**
 * report.sarif: SARIF 2.1.0 for GitHub code scanning, so findings show up on the
 * migration's lines in the pull request diff and in the Security tab.
 */
import { createHash } from 'node:crypto';
import { TASK_TITLES } from '../types.js';
import type { Finding, GateReport, Severity } from '../types.js';
import { allFindings } from './summary.js';
import { RULES, type RuleEntry } from '../rules/catalogue.js';
import { HOMEPAGE, RULES_DOC } from '../version.js';

export interface SarifOptions {
  /** The gate's own version (package.json), shown by code scanning. */
  toolVersion: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = HOMEPAGE;

type SarifLevel = 'error' | 'warning' | 'note';
const LEVELS: Record<Severity, SarifLevel> = {
  critical: 'error',
  error: 'error',
  warning: 'warning',
  info: 'note',
};
const LEVEL_RANK: Record<SarifLevel, number> = { note: 0, warning: 1, error: 2 };

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  suppressions?: { kind: 'inSource'; justification: string }[];
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region?: { startLine: number; startColumn?: number; endLine: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
}

export function renderSarif(report: GateReport, options: SarifOptions): string {
  const findings = allFindings(report);
  const rules = buildRules(findings);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'migration-gate',
            informationUri: INFORMATION_URI,
            version: options.toolVersion,
            rules,
          },
        },
        results: findings.map((f) => toResult(f, ruleIndex.get(f.rule) ?? 0)),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** One rule per distinct id, at the most severe level any of its findings has. */
function buildRules(findings: Finding[]): SarifRule[] {
  const rules = new Map<string, SarifRule>();
  for (const finding of findings) {
    const level = LEVELS[finding.severity];
    const known = rules.get(finding.rule);
    if (known) {
      if (LEVEL_RANK[level] > LEVEL_RANK[known.defaultConfiguration.level]) {
        known.defaultConfiguration.level = level;
      }
      continue;
    }
    const entry: RuleEntry = RULES[finding.rule];
    rules.set(finding.rule, {
      id: finding.rule,
      shortDescription: { text: entry.description },
      fullDescription: { text: `${entry.description}. Reported by the ${TASK_TITLES[entry.task]} task.` },
      help: {
        text: entry.safely
          ? `${entry.safely}.`
          : 'The migration-gate report (PR comment, job summary or report.md) lists every place the problem occurs and the files that would fix it.',
      },
      helpUri: `${RULES_DOC}#rule-${finding.rule}`,
      defaultConfiguration: {
        level: LEVEL_RANK[level] > LEVEL_RANK[LEVELS[entry.severity]] ? level : LEVELS[entry.severity],
      },
    });
  }
  return [...rules.values()];
}

function toResult(finding: Finding, ruleIndex: number): SarifResult {
  const notes = [finding.detail ? `Detail: ${finding.detail}` : '', finding.hint ? `Hint: ${finding.hint}` : ''].filter(
    Boolean,
  );
  const text = [finding.impact ? `${finding.message} — ${finding.impact}` : finding.message, ...notes].join('\n');
  const result: SarifResult = {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text },
    partialFingerprints: { 'migrationGate/v1': fingerprint(finding) },
  };
  if (finding.file) result.locations = [{ physicalLocation: physicalLocation(finding, finding.file) }];
  if (finding.ignored) result.suppressions = [{ kind: 'inSource', justification: finding.reason ?? '' }];
  return result;
}

function physicalLocation(
  finding: Finding,
  file: string,
): NonNullable<SarifResult['locations']>[number]['physicalLocation'] {
  const artifactLocation = { uri: toUri(file) };
  if (finding.line === undefined) return { artifactLocation };
  const region = {
    startLine: finding.line,
    ...(finding.column !== undefined ? { startColumn: finding.column } : {}),
    endLine: Math.max(finding.endLine ?? finding.line, finding.line),
  };
  return { artifactLocation, region };
}

/**
 * Stable across runs and line shifts (the line is deliberately not part of it), so code
 * scanning recognises the same problem after unrelated edits move it.
 */
function fingerprint(finding: Finding): string {
  const key = [finding.rule, finding.object ?? finding.message, finding.file ?? ''].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** A relative URI: forward slashes, each segment percent-encoded (spaces, `#`, `?`). */
function toUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
