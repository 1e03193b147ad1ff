import { applyFile, type ApplyOptions } from '../apply/apply.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { takeSnapshot } from '../catalog/snapshot.js';
import { ConfigError } from '../config/load.js';
import { startEmbedded } from '../database/embedded.js';
import { withClient, withDatabase, type Database } from '../database/provider.js';
import { Progress } from '../progress.js';
import type { GateInputs } from '../inputs.js';

/** The schema the repository's earlier migrations build, on a throw-away embedded PostgreSQL. */
export async function historySnapshot(
  inputs: GateInputs,
  apply: ApplyOptions,
  startScratch: (progress: Progress) => Promise<Database> = startEmbedded,
): Promise<CatalogSnapshot> {
  const silent = new Progress();
  return withDatabase(
    () => startScratch(silent),
    (db) =>
      withClient(db, async (client) => {
        for (const { role, parsed } of inputs.setup) {
          if (role !== 'earlier') continue;
          // A throw-away server of its own, outside the target's rolled-back transaction: not nested.
          const result = await applyFile(client, parsed, { ...apply, nested: false });
          if (result.status === 'failed') {
            const { line, column } = result.error.position;
            throw new ConfigError(
              `earlier migration ${parsed.file}:${line}:${column} fails on an empty database: ${result.error.message}`,
            );
          }
        }
        return takeSnapshot(client);
      }),
  );
}
