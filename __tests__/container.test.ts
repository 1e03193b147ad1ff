import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startContainer, type ContainerRuntime, type StartedPostgres } from '../src/database/container.js';
import { InfrastructureError } from '../src/errors.js';
import { Progress } from '../src/progress.js';
import { maskSecrets } from '../src/secrets.js';
import type { GateReport } from '../src/types.js';
import { EXAMPLE, runCli } from './helpers/cli.js';
import { missingObjectFindings } from './helpers/real-postgres.js';

/**
 * `--image`: PostgreSQL in a container through testcontainers. Everything up
 * to the container runtime is tested with an injected runtime; the real
 * engine only where one is reachable.
 */

function dockerEngineReachable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

const dockerAvailable = dockerEngineReachable();
if (!dockerAvailable) {
  console.info('container.test.ts: no Docker engine reachable (`docker info` fails): the real-engine test is skipped');
} else {
  console.info('container.test.ts: a Docker engine is reachable: the "no Docker" CLI test is skipped');
}

const NEEDS_DOCKER =
  '--image postgres:17 needs a Docker engine, and none is reachable (install Docker or set DOCKER_HOST; without one, use the embedded PostgreSQL)';

interface Fake {
  runtime: ContainerRuntime;
  calls: { image: string; password: string }[];
  stops: number;
}

function fakeRuntime(): Fake {
  const fake: Fake = {
    calls: [],
    stops: 0,
    runtime: async (image, password) => {
      fake.calls.push({ image, password });
      const started: StartedPostgres = {
        getHost: () => '10.1.2.3',
        getPort: () => 49153,
        getDatabase: () => 'postgres',
        getUsername: () => 'test',
        getPassword: () => password,
        stop: async () => {
          fake.stops++;
        },
      };
      return started;
    },
  };
  return fake;
}

function failingRuntime(message: string): ContainerRuntime {
  return async () => {
    throw new Error(message);
  };
}

async function infrastructureError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => expect.fail('expected an error'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InfrastructureError);
  return (error as Error).message;
}

describe('startContainer with an injected runtime', () => {
  it('gives a disposable database with the container host, port, user, password and database', async () => {
    const fake = fakeRuntime();
    const db = await startContainer('postgres:17', new Progress(), fake.runtime);
    expect(fake.calls).toHaveLength(1);
    const { image, password } = fake.calls[0]!;
    expect(image).toBe('postgres:17');
    expect(password).toMatch(/^[0-9a-f]{24}$/);
    expect(db.kind).toBe('container');
    expect(db.disposable).toBe(true);
    expect(db.connection).toEqual({
      host: '10.1.2.3',
      port: 49153,
      user: 'test',
      password,
      database: 'postgres',
    });
    expect(db.display).toBe('container postgres:17 on 10.1.2.3:49153');
    expect(db.display).not.toContain(password);
    // The generated password is a registered secret: no log line or error can show it.
    expect(maskSecrets(`password=${password} and ${password}`)).toBe('password=*** and ***');
    await db.stop();
    await db.stop();
    expect(fake.stops).toBe(1);
  });

  it('a new password for every container', async () => {
    const fake = fakeRuntime();
    await (await startContainer('postgres:17', new Progress(), fake.runtime)).stop();
    await (await startContainer('postgres:17', new Progress(), fake.runtime)).stop();
    expect(fake.calls[0]!.password).not.toBe(fake.calls[1]!.password);
  });

  it('without Docker, as testcontainers says it: "needs a Docker engine", in one line', async () => {
    const message = await infrastructureError(
      startContainer(
        'postgres:17',
        new Progress(),
        failingRuntime('Could not find a working container runtime strategy\n    at RuntimeStrategy.getClient (…)'),
      ),
    );
    expect(message).toBe(NEEDS_DOCKER);
  });

  it('an image that cannot be pulled, or a container that dies, says which', async () => {
    expect(
      await infrastructureError(
        startContainer('postgres:99', new Progress(), failingRuntime('(HTTP code 404) manifest unknown\nmore')),
      ),
    ).toBe('cannot pull image postgres:99: (HTTP code 404) manifest unknown');
    expect(
      await infrastructureError(
        startContainer('postgres:17', new Progress(), failingRuntime('Container exited with code 1\ndetails')),
      ),
    ).toBe('container postgres:17 failed to start: Container exited with code 1');
  });

  it('refuses what is not an image reference, before any runtime is asked', async () => {
    const fake = fakeRuntime();
    const message = await infrastructureError(startContainer('postgres:17; rm -rf /', new Progress(), fake.runtime));
    expect(message).toBe('not a container image reference: postgres:17; rm -rf /');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('the CLI with --image', () => {
  it.skipIf(dockerAvailable)('without a Docker engine: exit 2 and the "needs a Docker engine" line', async () => {
    const run = await runCli(['check', '--image', 'postgres:17', '--format', 'json', '--quiet'], EXAMPLE);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`migration-gate: ${NEEDS_DOCKER}\n`);
  });

  it.skipIf(!dockerAvailable)(
    'with a Docker engine: the BLOCKED seed story in postgres:17',
    async () => {
      const [inContainer, embedded] = await Promise.all([
        runCli(['check', '--image', 'postgres:17', '--format', 'json', '--quiet'], EXAMPLE),
        runCli(['check', '--format', 'json', '--quiet'], EXAMPLE),
      ]);
      expect(inContainer.stderr).toBe('');
      expect(inContainer.code).toBe(1);
      const report = JSON.parse(inContainer.stdout) as GateReport;
      expect(report.verdict).toBe('BLOCKED');
      expect(report.database).toEqual({ kind: 'container', version: expect.stringMatching(/^PostgreSQL 17\./) });
      const expected = JSON.parse(embedded.stdout) as GateReport;
      expect(Object.fromEntries(report.tasks.map((t) => [t.id, t.status]))).toEqual(
        Object.fromEntries(expected.tasks.map((t) => [t.id, t.status])),
      );
      expect(missingObjectFindings(report)).toEqual(missingObjectFindings(expected));
    },
    300_000,
  );
});
