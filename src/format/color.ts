// The one place that decides on colour: only on a TTY, never when NO_COLOR is set to a non-empty
// value (no-color.org). chalk is loaded only when colour is on, so piped output never pays for it.

export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

export type Paint = (style: 'green' | 'red' | 'yellow', text: string) => string;

const plain: Paint = (_style, text) => text;

export async function painter(enabled: boolean): Promise<Paint> {
  if (!enabled) return plain;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return (style, text) => chalk[style](text);
}
