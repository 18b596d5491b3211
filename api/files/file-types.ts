import { officeDocumentType } from './zip-entries.ts';

/**
 * The types a file may be stored as, told from the content's bytes, never from a name or a header.
 * Each place that takes files picks which of them it takes (a task's messages: no Office files).
 */
export const fileTypeNames = {
  'application/pdf': 'a PDF document',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'text/plain': 'plain text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook (XLSX)',
} as const;
export type KnownFileType = keyof typeof fileTypeNames;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

const zipSignature = [0x50, 0x4b, 0x03, 0x04];

const signatures: { type: KnownFileType; signature: number[] }[] = [
  { type: 'application/pdf', signature: ascii('%PDF-') },
  { type: 'image/png', signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', signature: [0xff, 0xd8, 0xff] },
];

// Named in the refusal, so the person learns what their file really is.
const refusedSignatures: { name: string; signature: number[] }[] = [
  { name: 'a Windows executable (application/x-msdownload)', signature: ascii('MZ') },
  { name: 'an ELF executable (application/x-executable)', signature: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a Mach-O executable (application/x-mach-binary)', signature: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'a GIF image (image/gif)', signature: ascii('GIF8') },
  { name: 'a gzip archive (application/gzip)', signature: [0x1f, 0x8b] },
  { name: 'a script (text/x-shellscript)', signature: ascii('#!') },
];

/** Plain text: valid UTF-8 with no control characters but tab, line feed, form feed and carriage return. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** What the content is: one of the known types, or the name of what it is instead. */
function detectFileType(bytes: Uint8Array): { type: KnownFileType } | { name: string } {
  for (const { type, signature } of signatures) if (startsWith(bytes, signature)) return { type };
  // DOCX and XLSX are ZIP archives; only their entries tell them from any other archive.
  if (startsWith(bytes, zipSignature)) {
    const type = officeDocumentType(bytes);
    return type ? { type } : { name: 'a ZIP archive (application/zip)' };
  }
  for (const { name, signature } of refusedSignatures) if (startsWith(bytes, signature)) return { name };
  if (isPlainText(bytes)) return { type: 'text/plain' };
  return { name: 'binary data of an unknown type (application/octet-stream)' };
}

export type Sniffed<T extends KnownFileType> = { allowed: true; type: T } | { allowed: false; name: string };

/** The content's type when it is one of `allowed`; else what it is, for the refusal to say. */
export function sniffFileType<T extends KnownFileType>(bytes: Uint8Array, allowed: readonly T[]): Sniffed<T> {
  const found = detectFileType(bytes);
  if ('name' in found) return { allowed: false, name: found.name };
  if ((allowed as readonly KnownFileType[]).includes(found.type)) return { allowed: true, type: found.type as T };
  return { allowed: false, name: `${fileTypeNames[found.type]} (${found.type})` };
}

/** "PDF, PNG, JPEG and plain text", for messages that say what is taken. */
export function listOfTypes(types: readonly KnownFileType[]): string {
  const short = types.map((t) => fileTypeNames[t].replace(/^an? /, '').replace(/ (document|image)$/, ''));
  return short.length <= 1 ? (short[0] ?? '') : `${short.slice(0, -1).join(', ')} and ${short.at(-1)}`;
}
