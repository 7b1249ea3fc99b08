/**
 * Replaces control characters with visible stand-ins before text from a capability file reaches
 * a terminal: a hostile file must not move the cursor, recolour the screen or set the window
 * title through an escape sequence in a code frame or a quoted key. Tabs stay (alignment).
 * C0 controls become their Unicode control pictures (ESC -> ␛, NUL -> ␀), DEL becomes ␡ and
 * C1 controls become U+FFFD.
 */
export function makePrintable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}
