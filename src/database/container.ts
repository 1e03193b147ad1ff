import { randomBytes } from 'node:crypto';
import { registerSecret } from '../secrets.js';
import type { Progress } from '../progress.js';
import { InfrastructureError } from '../errors.js';
import type { Database } from './provider.js';

/** The part of a started @testcontainers/postgresql container the gate uses. */
export interface StartedPostgres {
  getHost(): string;
  getPort(): number;
  getDatabase(): string;
  getUsername(): string;
  getPassword(): string;
  stop(): Promise<unknown>;
}

/** Starts a container; injectable so everything up to the container runtime can be tested. */
export type ContainerRuntime = (image: string, password: string) => Promise<StartedPostgres>;

/**
 * PostgreSQL in a container image (`postgres:17`, `supabase/postgres:…`),
 * through testcontainers. Without a reachable Docker engine this fails with
 * one clear line (exit 2), not testcontainers' stack of retries.
 */
export async function startContainer(
  image: string,
  progress: Progress,
  runtime: ContainerRuntime = testcontainersRuntime,
): Promise<Database> {
  if (!/^[\w.\-/:@]+$/.test(image)) throw new InfrastructureError(`not a container image reference: ${image}`);
  const password = randomBytes(12).toString('hex');
  registerSecret(password);
  let started: StartedPostgres;
  try {
    started = await progress.step(`start container ${image}`, () => runtime(image, password));
  } catch (error) {
    throw new InfrastructureError(containerProblem(image, error));
  }
  let stopped = false;
  return {
    kind: 'container',
    connection: {
      host: started.getHost(),
      port: started.getPort(),
      user: started.getUsername(),
      password: started.getPassword(),
      database: started.getDatabase(),
    },
    display: `container ${image} on ${started.getHost()}:${started.getPort()}`,
    disposable: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await started.stop();
    },
  };
}

/** Docker's many ways of being absent, reduced to what the user must do. */
export function containerProblem(image: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (
    /container runtime strategy|docker.*(not found|unavailable|ENOENT|ECONNREFUSED)|Could not find a working container runtime/i.test(
      message,
    )
  ) {
    return `--image ${image} needs a Docker engine, and none is reachable (install Docker or set DOCKER_HOST; without one, use the embedded PostgreSQL)`;
  }
  if (/pull|manifest unknown|not found/i.test(message)) return `cannot pull image ${image}: ${message.split('\n')[0]}`;
  return `container ${image} failed to start: ${message.split('\n')[0]}`;
}

async function testcontainersRuntime(image: string, password: string): Promise<StartedPostgres> {
  // Loaded on demand: most runs never need Docker, and loading it is not free.
  const loaded = await import('@testcontainers/postgresql');
  // Bundled as CommonJS, the named export sits on the default export.
  const PostgreSqlContainer = loaded.PostgreSqlContainer ?? loaded.default.PostgreSqlContainer;
  return new PostgreSqlContainer(image).withPassword(password).withDatabase('postgres').start();
}
