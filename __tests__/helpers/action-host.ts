import type { ActionHost, AnnotationProperties } from '../../src/action/host.js';

/** What a run printed and set, as the runner would have recorded it. */
export interface RecordingHost extends ActionHost {
  outputs: Record<string, string>;
  /** Every log line and annotation, in order: `info: …`, `warning: …`, `error: …`, `notice: …`. */
  log: string[];
  annotations: { level: string; message: string; properties?: AnnotationProperties }[];
  failed: string[];
  summaryText: string;
  state: Record<string, string>;
}

/** A runner for `run()` in-process: inputs by name, the environment GitHub would set. */
export function recordingHost(inputs: Record<string, string>, env: NodeJS.ProcessEnv): RecordingHost {
  const host: RecordingHost = {
    outputs: {},
    log: [],
    annotations: [],
    failed: [],
    summaryText: '',
    state: {},
    env,
    input: (name) => inputs[name] ?? '',
    setOutput: (name, value) => {
      host.outputs[name] = value;
    },
    setSecret: () => undefined,
    info: (message) => host.log.push(`info: ${message}`),
    warning: (message, properties) => annotate('warning', message, properties),
    error: (message, properties) => annotate('error', message, properties),
    notice: (message, properties) => annotate('notice', message, properties),
    setFailed: (message) => {
      host.failed.push(message);
      host.log.push(`error: ${message}`);
    },
    group: async (name, fn) => {
      host.log.push(`group: ${name}`);
      return fn();
    },
    summary: async (markdown) => {
      host.summaryText += markdown;
    },
    saveState: (name, value) => {
      host.state[name] = value;
    },
    getState: (name) => host.state[name] ?? '',
  };
  function annotate(level: string, message: string, properties?: AnnotationProperties): void {
    host.annotations.push({ level, message, ...(properties ? { properties } : {}) });
    host.log.push(`${level}: ${message}`);
  }
  return host;
}
