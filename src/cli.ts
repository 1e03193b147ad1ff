import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
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
import { VERSION } from './version.js';
import { TOOLS } from './layouts/model.js';
import { DEFAULT_POSTGRES_MAJOR, POSTGRES_MAJORS } from './database/majors.js';

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
  const program = buildProgram(io);
  let code: number = EXIT.error;
  program
    .command('check', { isDefault: true })
    .description('apply the migration under review to a throw-away PostgreSQL 17 and decide whether it may ship')
    .option('-c, --config <file>', 'migration-gate.yml (default: ./migration-gate.yml when present)')
    .option('--dir <path>', 'migrations directory')
    .option('--target <file>', 'the migration under review (default: the newest); repeatable', collect, [])
    .option('--baseline <file>', 'SQL loaded first (e.g. pg_dump --schema-only of production)')
    .option('--prerequisite <file>', 'SQL applied after the baseline; repeatable', collect, [])
    .option('--fixture <file>', 'SQL test data applied just before the target; repeatable', collect, [])
    .option('--database-url <url>', 'use this database instead of an embedded PostgreSQL 17 (nothing is committed)')
    .option('--commit', 'with --database-url: the database is disposable, let the migration commit')
    .option(
      '--neon-project-id <id>',
      'create a Neon branch of production and run there (key: --neon-api-key or NEON_API_KEY)',
    )
    .option('--neon-api-key <key>', 'Neon API key (default: NEON_API_KEY)')
    .option('--neon-parent-branch <branch>', "branch to fork (default: the project's default branch)")
    .option('--neon-api-host <url>', 'Neon API base URL')
    .option('--image <image>', 'run PostgreSQL in this container image (needs a Docker engine)')
    .option(
      '--tool <name>',
      `the migration tool whose layout and semantics apply (default: detected): ${TOOLS.join(', ')}`,
    )
    .option('--set <name=value>', 'a session setting for every session the gate opens; repeatable', collect, [])
    .option(
      '--postgres-version <major>',
      `the embedded server's PostgreSQL major version: ${POSTGRES_MAJORS.join(', ')} (default: config file, else ${DEFAULT_POSTGRES_MAJOR})`,
    )
    .option('--statement-timeout <duration>', 'per-statement timeout (default 30s)')
    .option('--lock-timeout <duration>', 'lock wait timeout (default 5s)')
    .addOption(
      new Option('--format <format>', 'what goes to stdout').choices(['text', 'json', 'markdown']).default('text'),
    )
    .option('--report-dir <dir>', 'also write report.json, report.md and report.sarif there')
    .option('-q, --quiet', 'no progress lines on stderr')
    .action(async (flags: CheckFlags) => {
      code = await check(flags, cwd, io);
    });
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

function buildProgram(io: Io): Command {
  return new Command('migration-gate')
    .version(VERSION)
    .description('Decides whether a PostgreSQL migration may ship')
    .exitOverride()
    .showHelpAfterError('(run migration-gate check --help for the options)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
