export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export interface CreateColorsOptions {
  enabled: boolean;
}

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function createColors({ enabled }: CreateColorsOptions): Colors {
  return {
    red: wrap(enabled, 31, 39),
    yellow: wrap(enabled, 33, 39),
    blue: wrap(enabled, 34, 39),
    green: wrap(enabled, 32, 39),
    dim: wrap(enabled, 2, 22),
    bold: wrap(enabled, 1, 22),
  };
}

export interface ShouldUseColorOptions {
  isTTY: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/** Colour only for a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function shouldUseColor({ isTTY, env }: ShouldUseColorOptions): boolean {
  const noColor = env.NO_COLOR;
  return isTTY === true && (noColor === undefined || noColor === '');
}
