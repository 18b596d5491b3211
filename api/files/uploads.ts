import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { HttpError } from '../errors.ts';
import { listOfTypes, sniffFileType, type KnownFileType } from './file-types.ts';

// Files come as the request's raw body (`Content-Type: application/octet-stream`), named in a header:
// the API reads no multipart, so one limit and one check serve every place that takes files.

/** The header that names an upload's file, percent-encoded UTF-8 (`encodeURIComponent`). */
export const fileNameHeader = 'x-file-name';

const badName = (message: string) => new HttpError(400, 'invalid_file_name', message, [{ path: fileNameHeader, message }]);

/** The file's own name: the last part of what the browser sent, without control characters. */
export function fileNameFrom(header: string | undefined): string {
  if (!header) throw badName(`Name the file in the ${fileNameHeader} header (percent-encoded).`);
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw badName('The file name is not percent-encoded UTF-8.');
  }
  // eslint-disable-next-line no-control-regex -- a name with control characters could split a header
  name = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length === 0 || name.length > 200) throw badName('The file name must be 1 to 200 characters.');
  return name;
}

export interface CheckedFile<T extends KnownFileType> {
  content: Buffer;
  contentType: T;
  sizeBytes: number;
  sha256: string;
}

/** The upload's bytes, typed by their content; empty is 400, a type outside `allowed` 415 saying what it is. */
export async function checkedUpload<T extends KnownFileType>(c: Context, allowed: readonly T[], verb: string): Promise<CheckedFile<T>> {
  const content = Buffer.from(await c.req.arrayBuffer());
  if (content.length === 0) throw new HttpError(400, 'empty_file', 'The file is empty.');
  const sniffed = sniffFileType(content, allowed);
  if (!sniffed.allowed) {
    throw new HttpError(415, 'unsupported_file_type', `The file is ${sniffed.name}; only ${listOfTypes(allowed)} can be ${verb}.`, {
      detected: sniffed.name,
      allowed,
    });
  }
  return { content, contentType: sniffed.type, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the real one (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** A stored file as a download: the type found in its content, never shown inline, never re-guessed by the browser. */
export function fileDownload(c: Context, file: { content: Buffer; contentType: string; sizeBytes: number; fileName: string }) {
  return c.body(new Uint8Array(file.content), 200, {
    'Content-Type': file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType,
    'Content-Disposition': attachmentDisposition(file.fileName),
    'Content-Length': String(file.sizeBytes),
    'X-Content-Type-Options': 'nosniff',
  });
}
