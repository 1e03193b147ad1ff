import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);
import {
  runsHere
} from "./chunk-CRC4BYT6.js";
import "./chunk-7KQ5RJIY.js";
import "./chunk-OGTXESO4.js";

// src/index.ts
if (await runsHere()) {
  const { run } = await import("./run-RPWC42N2.js");
  await run();
}
