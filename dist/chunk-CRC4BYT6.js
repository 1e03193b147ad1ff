import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);
import {
  HEAP_FLAGS
} from "./chunk-7KQ5RJIY.js";

// src/launch/index.ts
import v8 from "node:v8";

// src/launch/liftoff.ts
var COMMAND_LINE_FLAG = "--liftoff-only";
var RUN_TIME_FLAGS = "--no-wasm-tier-up --no-wasm-dynamic-tiering";
var MEASURED_MAJORS = /* @__PURE__ */ new Set([20, 22, 24, 26]);
var SETTING = "MIGRATION_GATE_LIFTOFF";
function chooseSetup(runtime) {
  if (runtime.execArgv.includes(COMMAND_LINE_FLAG)) {
    return { setup: { kind: "started with the flag", relaunched: runtime.hasChannel } };
  }
  const setting = runtime.env[SETTING]?.trim().toLowerCase() ?? "";
  if (setting === "off" || setting === "0") return { setup: { kind: "off" } };
  if (setting === "child") return { setup: { kind: "child process" } };
  const automatic = MEASURED_MAJORS.has(Number(runtime.version.split(".")[0])) ? { kind: "run-time flags" } : { kind: "child process" };
  if (setting === "" || setting === "auto") return { setup: automatic };
  return {
    setup: automatic,
    warning: `${SETTING}=${runtime.env[SETTING]} is not one of auto, child, off: using auto`
  };
}

// src/launch/relaunch.ts
import { spawn } from "node:child_process";
import os from "node:os";
var FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"];
var STARTED = "migration-gate:started";
function runInChild(flags) {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    env: process.env,
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    // A process group of its own: a terminal's Ctrl-C reaches the child once,
    // through us, not twice (a second SIGINT during its cleanup would cut it short).
    // On Windows, where there are no process groups, it would open a console window instead.
    detached: process.platform !== "win32"
  });
  let started = false;
  let forwarded = false;
  const forward = (signal) => {
    forwarded = true;
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on("message", (message) => {
    if (message === STARTED) started = true;
  });
  return new Promise((resolve) => {
    const settle = (result) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(result);
    };
    child.once("error", (error) => {
      if (!started) settle({ failed: error.message });
    });
    child.once("exit", (code, signal) => {
      settle(started || forwarded ? { code, signal } : { failed: `it exited with ${signal ?? code} before starting` });
    });
  });
}
function endAs({ code, signal }) {
  if (signal === null) {
    process.exitCode = code ?? 2;
    return;
  }
  process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
  process.kill(process.pid, signal);
}
function followParent() {
  process.send?.(STARTED);
  process.once("disconnect", () => process.exit(2));
  process.channel?.unref();
}

// src/launch/index.ts
async function runsHere() {
  const { setup, warning } = chooseSetup({
    env: process.env,
    execArgv: process.execArgv,
    version: process.versions.node,
    hasChannel: process.channel !== void 0
  });
  if (warning) process.stderr.write(`migration-gate: ${warning}
`);
  v8.setFlagsFromString(HEAP_FLAGS);
  switch (setup.kind) {
    case "started with the flag":
      if (setup.relaunched) followParent();
      return true;
    case "off":
      return true;
    case "run-time flags":
      v8.setFlagsFromString(RUN_TIME_FLAGS);
      return true;
    case "child process": {
      const outcome = await runInChild([COMMAND_LINE_FLAG]);
      if ("failed" in outcome) {
        process.stderr.write(
          `migration-gate: could not run the gate in a child process (node ${COMMAND_LINE_FLAG}): ${outcome.failed}; running it here
`
        );
        return true;
      }
      endAs(outcome);
      return false;
    }
  }
}

export {
  runsHere
};
