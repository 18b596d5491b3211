import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, as far as a test needs it: every string its content streams draw with
 * `Tj` (hex or literal), after inflating the Flate-compressed streams, one per line.
 */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const shown: string[] = [];
  // A carriage return before `endstream` may be the stream's own last byte (compressed data is any
  // bytes: about one PDF in 256 ends so), so it is tried as data first.
  for (const [, body, cr] of raw.matchAll(/stream\r?\n([\s\S]*?)(\r?)\nendstream/g)) {
    let content = body!;
    for (const data of [body! + cr!, body!]) {
      try {
        content = inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
        break;
      } catch {
        // Not this one: an uncompressed stream keeps its text as it is.
      }
    }
    for (const [, hex, literal] of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g))
      shown.push(hex !== undefined ? Buffer.from(hex, 'hex').toString('latin1') : literal!);
  }
  return shown.join('\n');
}
