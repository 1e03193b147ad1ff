import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommanderError } from 'commander';
import { loadConfig } from './config/load.js';
import { resolveOptions, type CliFlags } from './config/options.js';
import { ConfigError, InfrastructureError, optionValue } from './errors.js';
import { gateTargets, writeReports, type DatabaseRequest } from './gate-targets.js';
import { userCacheDir } from './database/obtain.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { checkReportDir } from './report/files.js';
import { renderText } from './report/text.js';
import { maskSecrets, registerEnvironmentSecrets, registerSecret } from './secrets.js';
import type { GateReport } from './types.js';
import { TOOLS, type ToolName } from './layouts/model.js';
import { postgresMajor } from './database/majors.js';
import { buildProgram } from './cli-program.js';
import { initRepository } from './init/index.js';
import { didYouMean } from './suggest.js';
import { runsHere } from './launch/index.js';

export const EXIT = { approved: 0, blocked: 1, error: 2 } as const;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Runs the CLI and resolves to its exit code; never throws. */
export async function main(argv: string[], cwd = process.cwd(), io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.error;
  const program = buildProgram(io, {
    check: async (flags) => {
      code = await check(flags as unknown as CheckFlags, cwd, io);
    },
    init: async (flags) => {
      code = runInit(flags as unknown as InitFlags, cwd, io);
    },
  });
  const unknown = unknownCommand(
    argv,
    program.commands.map((command) => command.name()),
  );
  if (unknown) {
    io.stderr(`${unknown}\n(run migration-gate --help for the commands and options)\n`);
    return EXIT.error;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT.error;
    }
    const detail = process.env.MIGRATION_GATE_DEBUG
      ? String((error as Error).stack ?? error)
      : String((error as Error).message ?? error);
    io.stderr(
      `migration-gate: internal error: ${maskSecrets(detail)}\n` +
        '(a bug in migration-gate, not in your migration; MIGRATION_GATE_DEBUG=1 shows the stack trace)\n',
    );
    return EXIT.error;
  }
}

/**
 * `check` is the default command, so a mistyped command would otherwise reach
 * it as a stray argument; one that is close to a command is named as such.
 */
function unknownCommand(argv: string[], commands: string[]): string | undefined {
  const [first] = argv;
  if (first === undefined || first.startsWith('-') || commands.includes(first) || first === 'help') return undefined;
  const meant = didYouMean(first, [...commands, 'help']);
  return `error: unknown command '${first}'${meant ? ` (did you mean ${meant}?)` : ''}`;
}

interface InitFlags {
  dir?: string;
  tool?: string;
  postgresVersion?: string;
  force?: boolean;
}

function runInit(flags: InitFlags, cwd: string, io: Io): number {
  try {
    if (flags.tool !== undefined && !(TOOLS as readonly string[]).includes(flags.tool)) {
      throw new ConfigError(`--tool: unknown tool "${flags.tool}" (known: ${TOOLS.join(', ')})`);
    }
    io.stdout(
      initRepository({
        cwd,
        ...(flags.dir ? { dir: flags.dir } : {}),
        ...(flags.tool ? { tool: flags.tool as ToolName } : {}),
        ...(flags.postgresVersion
          ? { postgresVersion: postgresMajor(flags.postgresVersion, `--postgres-version ${flags.postgresVersion}`) }
          : {}),
        force: flags.force ?? false,
      }),
    );
    return EXIT.approved;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`migration-gate init: ${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

type CheckFlags = CliFlags & {
  format: string;
  reportDir?: string;
  quiet?: boolean;
  databaseUrl?: string;
  commit?: boolean;
  neonProjectId?: string;
  neonApiKey?: string;
  neonParentBranch?: string;
  neonApiHost?: string;
  image?: string;
};

async function check(flags: CheckFlags, cwd: string, io: Io): Promise<number> {
  registerEnvironmentSecrets(process.env);
  registerSecret(flags.databaseUrl);
  registerSecret(flags.neonApiKey ?? process.env.NEON_API_KEY);
  const progress = (line: string): void => {
    if (!flags.quiet) io.stderr(`  ${maskSecrets(line)}\n`);
  };
  const reports: GateReport[] = [];
  try {
    const loaded = loadConfig(flags.config, cwd);
    const options = resolveOptions(flags, loaded, cwd);
    const { reportDir } = flags;
    if (reportDir !== undefined)
      checkReportDir(path.resolve(cwd, reportDir), optionValue('report-dir', reportDir), cwd);
    reports.push(
      ...(await gateTargets({
        options,
        targets: options.targets,
        database: (index) => databaseChoice(flags, index),
        binaryCache: userCacheDir(),
        log: progress,
      })),
    );
    // Printed first: a report that cannot be saved is still shown.
    printReports(reports, flags.format, io);
    if (reportDir !== undefined) writeReports(path.resolve(cwd, reportDir), reports);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InfrastructureError) {
      io.stderr(`migration-gate: ${maskSecrets(error.message)}\n`);
      return EXIT.error;
    }
    throw error;
  }
  return reports.every((report) => report.verdict === 'APPROVED') ? EXIT.approved : EXIT.blocked;
}

function printReports(reports: GateReport[], format: string, io: Io): void {
  if (format === 'json') {
    // One target: the contract's object; several: an array of them.
    const json = reports.map(renderJson);
    io.stdout(`${json.length === 1 ? json[0] : `[\n${json.join(',\n')}\n]`}\n`);
  } else if (format === 'markdown') {
    io.stdout(`${reports.map((report) => renderMarkdown(report)).join('\n\n---\n\n')}\n`);
  } else {
    for (const report of reports) io.stdout(renderText(report, { color: io.isTTY && !process.env.NO_COLOR }));
  }
}

function databaseChoice(flags: CheckFlags, index: number): DatabaseRequest {
  return {
    databaseUrl: flags.databaseUrl,
    commit: flags.commit,
    image: flags.image,
    neon: {
      projectId: flags.neonProjectId,
      apiKey: flags.neonApiKey ?? process.env.NEON_API_KEY,
      parentBranch: flags.neonParentBranch,
      apiHost: flags.neonApiHost,
      branchName: `migration-gate/cli-${new Date().toISOString().replace(/[:.]/g, '-')}-${index + 1}`,
    },
  };
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly && (await runsHere())) {
  process.exitCode = await main(process.argv.slice(2));
}
