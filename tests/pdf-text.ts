import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, as far as a test needs it: every string its content streams draw with
 * `Tj` (hex or literal), after inflating the Flate-compressed streams, one per line.
 */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const shown: string[] = [];
  for (const [, data] of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const compressed = Buffer.from(data!, 'latin1');
    let content: string;
    try {
      content = inflateSync(compressed).toString('latin1');
    } catch {
      content = data!;
    }
    for (const [, hex, literal] of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g))
      shown.push(hex !== undefined ? Buffer.from(hex, 'hex').toString('latin1') : literal!);
  }
  return shown.join('\n');
}
