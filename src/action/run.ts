import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { loadConfig } from '../config/load.js';
import { resolveOptions, type CliFlags } from '../config/options.js';
import { ConfigError, InfrastructureError, setFace } from '../errors.js';
import { runGate } from '../gate.js';
import { displayPath } from '../migrations/files.js';
import { Progress } from '../progress.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeReportFiles } from '../report/files.js';
import { maskSecrets, registerEnvironmentSecrets, registerSecret } from '../secrets.js';
import { escapeHtml } from '../report/escape.js';
import type { GateReport } from '../types.js';
import { annotate } from './annotations.js';
import { postComment } from './comment.js';
import { databasesFor } from './database.js';
import { runContext, type RunContext } from './event.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { selectTargets } from './targets.js';

/** GitHub's limit for an issue comment body. */
const COMMENT_LIMIT = 65_536;

/**
 * The action: the gate's thin GitHub face. Helpers throw; only this function
 * decides the step's outcome, and any thrown value fails it.
 */
export async function run(): Promise<void> {
  setFace('action');
  try {
    const inputs = readInputs();
    registerEnvironmentSecrets(process.env);
    registerSecret(inputs.databaseUrl);
    registerSecret(inputs.neonApiKey);
    registerSecret(inputs.githubToken);
    const context = runContext();
    const { reports, dir } = await gateAll(inputs, context);
    const deciding = reports.find((r) => r.verdict === 'BLOCKED') ?? reports[reports.length - 1]!;
    const files = writeReportFiles(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'migration-gate'), deciding);
    for (const report of reports) annotate(report);
    const markdown = reports.map((report) => renderMarkdown(report)).join('\n\n---\n\n');
    await core.summary.addRaw(markdown, true).write();
    core.setOutput('verdict', deciding.verdict);
    core.setOutput('report-json', files.json);
    core.setOutput('report-markdown', files.markdown);
    core.setOutput('sarif', files.sarif);
    const url = inputs.comment ? await postComment(inputs, context, reports, dir, COMMENT_LIMIT) : undefined;
    core.setOutput('comment-url', url ?? '');
    if (deciding.verdict === 'BLOCKED') {
      const message = `migration-gate: ${deciding.target} is BLOCKED — ${blockingReason(deciding)}`;
      if (inputs.failOnBlocked) core.setFailed(message);
      else core.warning(`${message} (fail-on-blocked: false)`);
    } else {
      core.info(`migration-gate: ${reports.map((r) => r.target).join(', ')} APPROVED`);
    }
  } catch (error) {
    const message = failureMessage(error);
    core.setFailed(message);
    // The summary is written on every run, so a failed step explains itself on the run page too.
    await core.summary
      .addRaw(`## migration-gate\n\n❌ ${escapeHtml(message)}\n`, true)
      .write()
      .catch(() => undefined);
  }
}

/** Gates every target; `dir` is the migrations directory relative to the workspace (it keys the sticky comment). */
async function gateAll(inputs: ActionInputs, context: RunContext): Promise<{ reports: GateReport[]; dir: string }> {
  const cwd = context.workspace;
  const flags: CliFlags = {
    ...(inputs.config ? { config: inputs.config } : {}),
    ...(inputs.dir ? { dir: inputs.dir } : {}),
    ...(inputs.baseline ? { baseline: inputs.baseline } : {}),
    prerequisite: inputs.prerequisites,
    fixture: inputs.fixtures,
    ...(inputs.statementTimeout ? { statementTimeout: inputs.statementTimeout } : {}),
    ...(inputs.lockTimeout ? { lockTimeout: inputs.lockTimeout } : {}),
  };
  const options = resolveOptions(flags, loadConfig(inputs.config, cwd), cwd);
  const dir = displayPath(options.dir, cwd);
  const targets = await selectTargets(inputs, context, {
    absolute: options.dir,
    shown: dir,
    ...(options.tool ? { tool: options.tool } : {}),
  });
  const reports: GateReport[] = [];
  const databases = databasesFor(inputs, context);
  for (const target of targets.length > 0 ? targets : [undefined]) {
    core.startGroup(`migration-gate: ${target ?? 'newest migration'}`);
    try {
      const progress = new Progress((line) => core.info(maskSecrets(line)));
      reports.push(
        await runGate({
          ...options,
          target,
          progress,
          startDatabase: databases.start,
          startScratchDatabase: databases.scratch,
        }),
      );
    } finally {
      core.endGroup();
    }
  }
  return { reports, dir };
}

function blockingReason(report: GateReport): string {
  const failing = report.tasks.filter((t) => t.status === 'FAIL' || t.status === 'BLOCKED');
  return failing
    .map((t) => `${t.title}: ${t.summary}`)
    .slice(0, 3)
    .join('; ');
}

function failureMessage(error: unknown): string {
  const message = maskSecrets(error instanceof Error ? error.message : String(error));
  if (error instanceof ConfigError) return `migration-gate configuration error: ${message}`;
  if (error instanceof InfrastructureError) return `migration-gate infrastructure error: ${message}`;
  return `migration-gate internal error: ${message}`;
}
