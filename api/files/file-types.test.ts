import { describe, expect, it } from 'vitest';
import { officeFile, zipOf } from '../../tests/office-files.ts';
import { fileTypeNames, listOfTypes, sniffFileType, type KnownFileType } from './file-types.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);
const everyType = Object.keys(fileTypeNames) as KnownFileType[];
const taskTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;

describe('a file’s type, from its bytes', () => {
  it.each([
    ['a PDF', text('%PDF-1.7\n'), 'application/pdf'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['UTF-8 text with tabs and line breaks', text('Grüße\tan alle\r\n'), 'text/plain'],
    ['a Word document', officeFile('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an Excel workbook', officeFile('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ])('takes %s', (_, content, type) => {
    expect(sniffFileType(content, everyType)).toEqual({ allowed: true, type });
  });

  it.each([
    ['a Windows executable', bytes(0x4d, 0x5a, 0x90, 0), /Windows executable/],
    ['an ELF executable', bytes(0x7f, 0x45, 0x4c, 0x46, 2), /ELF executable/],
    ['a ZIP archive with a broken directory', bytes(0x50, 0x4b, 0x03, 0x04), /ZIP archive/],
    ['a ZIP archive of other files', zipOf({ 'notes.txt': 'hello', '[Content_Types].xml': '<Types/>' }), /ZIP archive/],
    ['a shell script, though it is text', text('#!/bin/sh\nrm -rf /\n'), /script/],
    ['text with a NUL byte', text('abc\u0000def'), /unknown type/],
    ['bytes that are not UTF-8', bytes(0x61, 0xc3, 0x28), /unknown type/],
  ])('refuses %s, naming what it is', (_, content, name) => {
    const sniffed = sniffFileType(content, everyType);
    expect(sniffed.allowed).toBe(false);
    expect(sniffed.allowed === false && sniffed.name).toMatch(name);
  });

  it('refuses a known type the place does not take, naming it', () => {
    expect(sniffFileType(officeFile('docx'), taskTypes)).toEqual({
      allowed: false,
      name: 'a Word document (DOCX) (application/vnd.openxmlformats-officedocument.wordprocessingml.document)',
    });
  });

  it('lists the types a place takes in words', () => {
    expect(listOfTypes(taskTypes)).toBe('PDF, PNG, JPEG and plain text');
  });
});
