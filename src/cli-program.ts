/**
 * The CLI's commands and options, apart from what they do: `main` gives the
 * actions, the documentation test reads the same definitions.
 */
import { Command, Option } from 'commander';
import { DEFAULT_POSTGRES_MAJOR, POSTGRES_MAJORS } from './database/majors.js';
import { TOOLS } from './layouts/model.js';
import { VERSION } from './version.js';

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Actions {
  check: (flags: Record<string, unknown>) => Promise<void>;
  init: (flags: Record<string, unknown>) => Promise<void>;
}

const EXAMPLES = `
Examples:
  $ migration-gate init
      find the migrations, write migration-gate.yml and .github/workflows/migration-gate.yml
  $ migration-gate --dir db/migrations
      gate the newest migration on a throw-away PostgreSQL 17
  $ migration-gate --target 0024_sync.sql --prerequisite db/auth.sql --postgres-version 15 --report-dir out
      gate one migration on PostgreSQL 15, with a prerequisite, and keep report.json, report.md and report.sarif
`;

export function buildProgram(io: Output, actions: Actions): Command {
  const program = new Command('migration-gate')
    .version(VERSION)
    .description('Decides whether a PostgreSQL migration may ship.')
    .usage('[check] [options] | init [options]')
    .exitOverride()
    .showSuggestionAfterError()
    .showHelpAfterError('(run migration-gate --help for the options)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const check = checkCommand(program).action((flags: Record<string, unknown>) => actions.check(flags));
  program
    .command('init')
    .description('detect the migration tool and directory; write migration-gate.yml and a GitHub workflow')
    .option('--dir <path>', 'the migrations directory (default: detected)')
    .addOption(toolOption())
    .addOption(versionOption('the PostgreSQL major version production runs'))
    .option('--force', 'overwrite migration-gate.yml and the workflow when they exist')
    .action((flags: Record<string, unknown>) => actions.init(flags));
  // `check` is the default command: its options are the ones people look for first.
  program.addHelpText('after', () => `\nOptions of check:\n${optionsOf(check)}\n${EXAMPLES}`);
  return program;
}

function checkCommand(program: Command): Command {
  return program
    .command('check', { isDefault: true })
    .description('apply the migration under review to a throw-away PostgreSQL and decide whether it may ship')
    .option('-c, --config <file>', 'migration-gate.yml (default: ./migration-gate.yml when present)')
    .option('--dir <path>', 'migrations directory')
    .option('--target <file>', 'the migration under review (default: the newest); repeatable', collect)
    .option('--baseline <file>', 'SQL loaded first (e.g. pg_dump --schema-only of production)')
    .option('--prerequisite <file>', 'SQL applied after the baseline; repeatable', collect)
    .option(
      '--fixture <file>',
      'SQL test data applied just before the target; repeatable; "generate" adds generated rows',
      collect,
    )
    .option('--database-url <url>', 'use this database instead of the embedded server (nothing is committed)')
    .option('--commit', 'with --database-url: the database is disposable, let the migration commit')
    .option(
      '--neon-project-id <id>',
      'create a Neon branch of production and run there (key: --neon-api-key or NEON_API_KEY)',
    )
    .option('--neon-api-key <key>', 'Neon API key (default: NEON_API_KEY)')
    .option('--neon-parent-branch <branch>', "branch to fork (default: the project's default branch)")
    .option('--neon-api-host <url>', 'Neon API base URL')
    .option('--image <image>', 'run PostgreSQL in this container image (needs a Docker engine)')
    .addOption(toolOption())
    .addOption(versionOption("the embedded server's PostgreSQL major version"))
    .option('--set <name=value>', 'a session setting for every session the gate opens; repeatable', collect)
    .option('--statement-timeout <duration>', 'per-statement timeout (default 30s)')
    .option('--lock-timeout <duration>', 'lock wait timeout (default 5s)')
    .addOption(
      new Option('--format <format>', 'what goes to stdout').choices(['text', 'json', 'markdown']).default('text'),
    )
    .option('--report-dir <dir>', 'also write report.json, report.md and report.sarif there')
    .option('-q, --quiet', 'no progress lines on stderr');
}

function toolOption(): Option {
  return new Option(
    '--tool <name>',
    `the migration tool whose layout and semantics apply (default: detected): ${TOOLS.join(', ')}`,
  );
}

function versionOption(what: string): Option {
  return new Option(
    '--postgres-version <major>',
    `${what}: ${POSTGRES_MAJORS.join(', ')} (default: config file, else ${DEFAULT_POSTGRES_MAJOR})`,
  );
}

/** The option lines of a command's help, as commander formats them. */
function optionsOf(command: Command): string {
  const help = command.createHelp();
  const width = help.longestOptionTermLength(command, help);
  return help
    .visibleOptions(command)
    .map((option) => help.formatItem(help.optionTerm(option), width, help.optionDescription(option), help))
    .join('\n');
}

/** Repeatable options; no default, so that help shows none. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
