import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CalendarDate } from '../../domain/calendar.ts';
import { formatBasisPoints, formatHundredths, formatMinorUnits } from '../../domain/money.ts';
import { quoteTotals, type QuoteLine } from '../../domain/quote.ts';

/** What the PDF of a quote shows; its amounts are computed from the lines, as everywhere else. */
export interface QuoteDocument {
  organizationName: string;
  clientName: string;
  /** The person it is addressed to, when the client is a company. */
  contactName: string | null;
  title: string;
  version: number;
  currency: string;
  lines: QuoteLine[];
  sentOn: CalendarDate | null;
  validUntil: CalendarDate | null;
}

const a4: [number, number] = [595.28, 841.89];
const margin = 50;
const right = a4[0] - margin;
const bottom = 90;
const grey = rgb(0.35, 0.35, 0.35);

/** The table's columns: the description wraps at its width, the figures are right-aligned at `at`. */
const columns = {
  description: { at: margin, width: 195, label: 'Description' },
  quantity: { at: 295, label: 'Qty' },
  unitPrice: { at: 375, label: 'Unit price' },
  discount: { at: 420, label: 'Discount' },
  tax: { at: 460, label: 'Tax' },
  total: { at: right, label: 'Line total' },
} as const;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** The characters the standard fonts can print; anything else is printed as "?". */
  printable: ReadonlySet<number>;
}

/** The quote as a PDF: the organisation, the client, the version, every line, the totals and the validity. */
export async function renderQuotePdf(quote: QuoteDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Quote ${quote.version}: ${quote.title}`);
  pdf.setAuthor(quote.organizationName);
  pdf.setProducer('Staged processes');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const fonts: Fonts = { regular, bold: await pdf.embedFont(StandardFonts.HelveticaBold), printable: new Set(regular.getCharacterSet()) };
  const writer = new PageWriter(pdf, fonts);

  writer.line(quote.organizationName, { size: 18, bold: true, gap: 26 });
  writer.line(`Quote ${quote.version}`, { size: 14, bold: true, gap: 22 });
  writer.line(quote.title, { gap: 20 });
  writer.line(`For: ${quote.clientName}${quote.contactName ? `, attn. ${quote.contactName}` : ''}`);
  if (quote.sentOn) writer.line(`Date: ${quote.sentOn}`);
  writer.line(quote.validUntil ? `Valid until: ${quote.validUntil}` : 'Valid until: not sent yet', { gap: 20 });
  writer.line(`Amounts in ${quote.currency}`, { size: 9, color: grey, gap: 16 });

  const totals = quoteTotals(quote.lines);
  const money = (minor: number) => formatMinorUnits(minor, quote.currency).replace(` ${quote.currency}`, '');
  writer.tableHeader();
  for (const line of totals.lines) {
    writer.tableRow(line.description, {
      quantity: formatHundredths(line.quantityHundredths),
      unitPrice: money(line.unitPriceMinor),
      discount: formatBasisPoints(line.discountBasisPoints),
      tax: formatBasisPoints(line.taxBasisPoints),
      total: money(line.totalMinor),
    });
  }
  writer.space(10);
  writer.total('Subtotal', formatMinorUnits(totals.subtotalMinor, quote.currency));
  writer.total('Discount', formatMinorUnits(-totals.discountMinor, quote.currency));
  writer.total('Tax', formatMinorUnits(totals.taxMinor, quote.currency));
  writer.total('Total', formatMinorUnits(totals.totalMinor, quote.currency), true);
  return pdf.save();
}

/** Writes from the top of a page down, starting a new page (with the table's header again) when one is full. */
class PageWriter {
  #page: PDFPage;
  #y = a4[1] - margin;
  #inTable = false;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.#page = pdf.addPage(a4);
  }

  line(text: string, { size = 11, bold = false, gap = 15, color = rgb(0, 0, 0) } = {}) {
    this.#room(gap);
    this.#page.drawText(this.#printable(text), { x: margin, y: this.#y, size, font: bold ? this.fonts.bold : this.fonts.regular, color });
    this.#y -= gap;
  }

  space(points: number) {
    this.#y -= points;
  }

  tableHeader() {
    this.#inTable = true;
    this.#room(20);
    for (const [name, column] of Object.entries(columns)) {
      if (name === 'description') this.#text(column.label, column.at, 9, true);
      else this.#rightAligned(column.label, column.at, 9, true);
    }
    this.#page.drawLine({ start: { x: margin, y: this.#y - 4 }, end: { x: right, y: this.#y - 4 }, thickness: 0.5, color: grey });
    this.#y -= 18;
  }

  tableRow(description: string, figures: Record<Exclude<keyof typeof columns, 'description'>, string>) {
    const wrapped = this.#wrap(this.#printable(description), columns.description.width, 9);
    this.#room(wrapped.length * 12);
    for (const [name, text] of Object.entries(figures)) this.#rightAligned(text, columns[name as keyof typeof figures].at, 9);
    for (const part of wrapped) {
      this.#text(part, columns.description.at, 9);
      this.#y -= 12;
    }
    this.#y -= 4;
  }

  total(label: string, amount: string, bold = false) {
    this.#inTable = false;
    this.#room(16);
    this.#rightAligned(label, columns.tax.at, 10, bold);
    this.#rightAligned(amount, right, 10, bold);
    this.#y -= 16;
  }

  /** A new page when less than `needed` is left on this one. */
  #room(needed: number) {
    if (this.#y - needed >= bottom) return;
    this.#page = this.pdf.addPage(a4);
    this.#y = a4[1] - margin;
    if (this.#inTable) this.tableHeader();
  }

  #text(text: string, x: number, size: number, bold = false) {
    this.#page.drawText(text, { x, y: this.#y, size, font: bold ? this.fonts.bold : this.fonts.regular });
  }

  #rightAligned(text: string, at: number, size: number, bold = false) {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    this.#text(text, at - font.widthOfTextAtSize(text, size), size, bold);
  }

  /** Words onto lines no wider than `width`; a word longer than a line is cut. */
  #wrap(text: string, width: number, size: number): string[] {
    const fits = (candidate: string) => this.fonts.regular.widthOfTextAtSize(candidate, size) <= width;
    const lines: string[] = [];
    let current = '';
    for (let word of text.split(/\s+/).filter(Boolean)) {
      while (!fits(word)) {
        let cut = word.length - 1;
        while (cut > 1 && !fits(word.slice(0, cut))) cut--;
        if (current) lines.push(current);
        lines.push(word.slice(0, cut));
        current = '';
        word = word.slice(cut);
      }
      const candidate = current ? `${current} ${word}` : word;
      if (fits(candidate)) current = candidate;
      else {
        lines.push(current);
        current = word;
      }
    }
    if (current || lines.length === 0) lines.push(current);
    return lines;
  }

  /** The text with line breaks as spaces and what the standard fonts cannot print as "?". */
  #printable(text: string): string {
    return [...text.replace(/[\r\n\t]+/g, ' ')].map((c) => (this.fonts.printable.has(c.codePointAt(0)!) ? c : '?')).join('');
  }
}
