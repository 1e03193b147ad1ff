/**
 * The two kinds of failure that are not a verdict (exit code 2), and how to
 * name an option in their messages: the CLI's user typed `--dir`, the action's
 * user wrote the input `dir`, and each must be told in their own words.
 */

/** A problem with the user's configuration or input. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A database, a server or a service the gate needs is not there or misbehaves. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError';
}

export type Face = 'cli' | 'action';

let face: Face = 'cli';

/** Set once by the entry point; errors raised below it then speak its language. */
export function setFace(value: Face): void {
  face = value;
}

/** CLI flags whose action input has another name; flags without an input keep their CLI name. */
const ACTION_INPUTS: Record<string, string> = {
  prerequisite: 'prerequisites',
  fixture: 'fixtures',
  image: 'postgres-image',
};

/** `--dir` for the CLI, `input "dir"` for the action. */
export function option(flag: string): string {
  return face === 'cli' ? `--${flag}` : `input "${inputName(flag)}"`;
}

/** `--image x` for the CLI, `postgres-image: x` for the action: what to write, where it is written. */
export function optionValue(flag: string, value: string): string {
  return face === 'cli' ? `--${flag} ${value}` : `${inputName(flag)}: ${value}`;
}

function inputName(flag: string): string {
  return ACTION_INPUTS[flag] ?? flag;
}
