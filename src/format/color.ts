// The one place that decides on colour: only on a TTY, never when NO_COLOR is set to a non-empty value (no-color.org).
import { Chalk, type ChalkInstance } from 'chalk';

export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
