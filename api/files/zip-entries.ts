// A ZIP archive's table of contents is its central directory, at the end of the file (APPNOTE 4.3.12,
// 4.3.16); the local headers at the front may leave sizes out, so names are read from the directory.
const endOfDirectory = 0x06054b50;
const directoryEntry = 0x02014b50;
const endRecordSize = 22;
const longestComment = 0xffff;

/** The names of the archive's entries, or null when the bytes are not a whole, readable ZIP archive. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (bytes.length < endRecordSize) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const earliest = Math.max(0, bytes.length - endRecordSize - longestComment);
  for (let end = bytes.length - endRecordSize; end >= earliest; end--) {
    if (view.getUint32(end, true) !== endOfDirectory) continue;
    const count = view.getUint16(end + 10, true);
    const size = view.getUint32(end + 12, true);
    const start = view.getUint32(end + 16, true);
    if (start + size > end) return null;
    const names: string[] = [];
    const decoder = new TextDecoder();
    for (let at = start, i = 0; i < count; i++) {
      if (at + 46 > end || view.getUint32(at, true) !== directoryEntry) return null;
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

/** DOCX or XLSX (Office Open XML, ECMA-376): a package with its content types and its main part. */
export function officeDocumentType(
  bytes: Uint8Array,
):
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | null {
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.includes('word/document.xml')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (names.includes('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return null;
}
