/** The types a task may carry, told from the content's first bytes, never from a name or a header. */
export const allowedFileTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
export type AllowedFileType = (typeof allowedFileTypes)[number];

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

const allowedSignatures: { type: AllowedFileType; signature: number[] }[] = [
  { type: 'application/pdf', signature: ascii('%PDF-') },
  { type: 'image/png', signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', signature: [0xff, 0xd8, 0xff] },
];

// Named in the refusal, so the person learns what their file really is.
const refusedSignatures: { name: string; signature: number[] }[] = [
  { name: 'a Windows executable (application/x-msdownload)', signature: ascii('MZ') },
  { name: 'an ELF executable (application/x-executable)', signature: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a Mach-O executable (application/x-mach-binary)', signature: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'a ZIP archive or Office document (application/zip)', signature: [0x50, 0x4b, 0x03, 0x04] },
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

export type Sniffed = { allowed: true; type: AllowedFileType } | { allowed: false; name: string };

export function sniffFileType(bytes: Uint8Array): Sniffed {
  for (const { type, signature } of allowedSignatures) if (startsWith(bytes, signature)) return { allowed: true, type };
  for (const { name, signature } of refusedSignatures) if (startsWith(bytes, signature)) return { allowed: false, name };
  if (isPlainText(bytes)) return { allowed: true, type: 'text/plain' };
  return { allowed: false, name: 'binary data of an unknown type (application/octet-stream)' };
}
