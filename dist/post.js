import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);
import {
  NEON_BRANCH_STATE,
  getInput,
  getState,
  info,
  setSecret,
  warning
} from "./chunk-4INDMSVN.js";
import {
  deleteNeonBranch
} from "./chunk-7JUH6B7T.js";
import "./chunk-OGTXESO4.js";

// src/action/post.ts
async function post() {
  try {
    const saved = getState(NEON_BRANCH_STATE);
    if (!saved) return;
    const { id, project } = JSON.parse(saved);
    const apiKey = getInput("neon-api-key") || process.env.NEON_API_KEY;
    if (!apiKey) {
      warning(`Neon branch ${id} may be left behind: no API key in the post step`);
      return;
    }
    setSecret(apiKey);
    const apiHost = getInput("neon-api-host") || void 0;
    const deleted = await deleteNeonBranch({
      apiKey,
      projectId: project,
      branchId: id,
      ...apiHost ? { apiHost } : {}
    });
    info(deleted ? `deleted Neon branch ${id} left by the main step` : `Neon branch ${id} already deleted`);
  } catch (error) {
    warning(`post step: ${error.message}`);
  }
}

// src/post.ts
void post();
