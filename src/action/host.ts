import * as core from '@actions/core';

/** Where an annotation points: a file, and a line and column in it. */
export type AnnotationProperties = core.AnnotationProperties;

/**
 * Everything the action asks of the runner, in one small interface: the
 * inputs, the log, the outputs, the job summary and the state the post step
 * reads. `coreHost` is the runner (through @actions/core); tests run `run()`
 * in-process with a host of their own.
 */
export interface ActionHost {
  /** The input as written in the workflow; `''` when not set. */
  input(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  setFailed(message: string): void;
  /** Runs `fn` inside a collapsible group of the log. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Appends Markdown to the job summary. */
  summary(markdown: string): Promise<void>;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** The runner's environment: GITHUB_*, RUNNER_*. */
  env: NodeJS.ProcessEnv;
}

export const coreHost: ActionHost = {
  input: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: (value) => core.setSecret(value),
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  notice: (message, properties) => core.notice(message, properties),
  setFailed: (message) => core.setFailed(message),
  group: (name, fn) => core.group(name, fn),
  summary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  env: process.env,
};
