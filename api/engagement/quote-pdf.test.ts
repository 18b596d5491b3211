import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../tests/pdf-text.ts';
import { renderQuotePdf, type QuoteDocument } from './quote-pdf.ts';

const quote: QuoteDocument = {
  organizationName: 'Acme Services',
  clientName: 'Client Co',
  contactName: 'Cleo Client',
  title: 'Web for Client Co',
  version: 2,
  currency: 'EUR',
  lines: [
    { description: 'Website design', quantityHundredths: 4000, unitPriceMinor: 12_000, discountBasisPoints: 0, taxBasisPoints: 1900 },
    { description: 'Build', quantityHundredths: 8000, unitPriceMinor: 11_000, discountBasisPoints: 1000, taxBasisPoints: 1900 },
  ],
  sentOn: '2027-03-15',
  validUntil: '2027-04-14',
};

describe('the quote as a PDF', () => {
  it('is a PDF that shows the organisation, the client, the version, each line, the totals and the validity', async () => {
    const bytes = await renderQuotePdf(quote);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = pdfText(bytes);
    for (const shown of [
      'Acme Services',
      'Quote 2',
      'For: Client Co, attn. Cleo Client',
      'Valid until: 2027-04-14',
      'Website design',
      '40',
      '120.00',
      '19 %',
      '5,712.00',
      '10 %',
      '9,424.80',
      '13,600.00 EUR',
      '-880.00 EUR',
      '2,416.80 EUR',
      '15,136.80 EUR',
    ])
      expect(text).toContain(shown);
  });

  it('prints what its fonts cannot as "?", wraps long descriptions and goes on to further pages', async () => {
    const line = { quantityHundredths: 100, unitPriceMinor: 100, discountBasisPoints: 0, taxBasisPoints: 0 };
    const lines = Array.from({ length: 80 }, (_, i) => ({ ...line, description: `Line ${i + 1} ${'word '.repeat(40)}` }));
    const bytes = await renderQuotePdf({ ...quote, clientName: 'Łódź 東京 GmbH', lines });
    const text = pdfText(bytes);
    expect(text).toContain('For: ?ód? ?? GmbH');
    expect(text).toContain('Line 80');
    expect(text).toContain('80.00 EUR');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(3);
  });
});
