import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);
import {
  NEON_BRANCH_STATE,
  coreHost
} from "./chunk-R54VUUCB.js";
import {
  deleteNeonBranch
} from "./chunk-XDBXB2FJ.js";
import "./chunk-OGTXESO4.js";

// src/action/post.ts
async function post(host = coreHost) {
  try {
    const saved = host.getState(NEON_BRANCH_STATE);
    if (!saved) return;
    const { id, project } = JSON.parse(saved);
    const apiKey = host.input("neon-api-key") || host.env.NEON_API_KEY;
    if (!apiKey) {
      host.warning(`Neon branch ${id} may be left behind: no API key in the post step`);
      return;
    }
    host.setSecret(apiKey);
    const apiHost = host.input("neon-api-host") || void 0;
    const deleted = await deleteNeonBranch({
      apiKey,
      projectId: project,
      branchId: id,
      ...apiHost ? { apiHost } : {}
    });
    host.info(deleted ? `deleted Neon branch ${id} left by the main step` : `Neon branch ${id} already deleted`);
  } catch (error) {
    host.warning(`post step: ${error.message}`);
  }
}

// src/post.ts
void post();
