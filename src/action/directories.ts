import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolveOptions, type CliFlags, type ResolvedOptions } from '../config/options.js';
import { ConfigError } from '../errors.js';
import { gateTargets } from '../gate-targets.js';
import { displayPath } from '../migrations/files.js';
import { maskSecrets } from '../secrets.js';
import type { DirectoryOutcome } from './comment.js';
import { actionDatabase, binaryCache } from './database.js';
import type { RunContext } from './event.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';
import { chooseTargets, type PullRequestFiles } from './targets.js';

/** A directory's outcome, and the options it ran with (their `cwd` is where report paths start). */
export type GatedDirectory = DirectoryOutcome & { options?: ResolvedOptions };

/**
 * Gates each migrations directory (`dir`, one per line; else the config
 * file's) in turn. Paths in inputs are relative to `working-directory`, itself
 * relative to the workspace; report paths and comment markers are relative to
 * the workspace, the repository root.
 */
export async function gateDirectories(
  host: ActionHost,
  inputs: ActionInputs,
  context: RunContext,
  changed: PullRequestFiles,
): Promise<GatedDirectory[]> {
  const workdir = workingDirectory(inputs, context.workspace);
  const loaded = loadConfig(inputs.config, workdir);
  const outcomes: GatedDirectory[] = [];
  for (const dir of inputs.dirs.length > 0 ? inputs.dirs : [undefined]) {
    const resolved = resolveOptions(flagsOf(inputs, dir), loaded, workdir);
    const options: ResolvedOptions = { ...resolved, cwd: context.workspace };
    const shown = displayPath(options.dir, context.workspace);
    const choice = chooseTargets(
      host,
      inputs.targets.map((target) => (/[/\\]/.test(target) ? path.resolve(workdir, target) : target)),
      changed,
      { absolute: options.dir, shown, ...(options.tool ? { tool: options.tool } : {}) },
      context,
    );
    if (choice.kind === 'skip') {
      host.info(`migration-gate: no migration in ${shown} changed: nothing to gate`);
      outcomes.push({ dir: shown, skipped: true, reports: [] });
      continue;
    }
    const reports = await gateTargets({
      options,
      targets: choice.kind === 'targets' ? choice.targets : [],
      database: () => actionDatabase(inputs, context, host),
      binaryCache: binaryCache(host),
      log: (line) => host.info(maskSecrets(line)),
      around: (label, run) => host.group(`migration-gate: ${label}`, run),
    });
    outcomes.push({ dir: shown, skipped: false, reports, options });
  }
  return outcomes;
}

function workingDirectory(inputs: ActionInputs, workspace: string): string {
  const dir = path.resolve(workspace, inputs.workingDirectory ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isDirectory) throw new ConfigError(`input "working-directory": ${inputs.workingDirectory}: no such directory`);
  return dir;
}

/** The inputs in the CLI's terms, so that both faces resolve options the same way. */
function flagsOf(inputs: ActionInputs, dir: string | undefined): CliFlags {
  return {
    ...(inputs.config ? { config: inputs.config } : {}),
    ...(dir ? { dir } : {}),
    ...(inputs.tool ? { tool: inputs.tool } : {}),
    ...(inputs.baseline ? { baseline: inputs.baseline } : {}),
    prerequisite: inputs.prerequisites,
    fixture: inputs.fixtures,
    ...(inputs.statementTimeout ? { statementTimeout: inputs.statementTimeout } : {}),
    ...(inputs.lockTimeout ? { lockTimeout: inputs.lockTimeout } : {}),
    ...(inputs.postgresVersion ? { postgresVersion: inputs.postgresVersion } : {}),
  };
}
