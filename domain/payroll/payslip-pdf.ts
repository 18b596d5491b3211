import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { formatMinorUnits } from '../money.ts';
import { runLabel } from './period.ts';
import type { PayLine } from './structure.ts';

/** What a payslip's PDF shows: the period, the days paid, each component, gross, deductions and net. */
export interface PayslipDocument {
  organizationName: string;
  employeeName: string;
  period: string;
  /** 0 for the month's pay; 1, 2, … for an off-cycle run's adjustments. */
  sequence: number;
  payableDays: number;
  periodDays: number;
  lines: PayLine[];
  grossMinor: number;
  deductionsMinor: number;
  netMinor: number;
  currency: string;
  /** Written into the file as its date, so the same payslip renders to the same bytes. */
  issuedAt: Date;
}

const a4: [number, number] = [595.28, 841.89];
const margin = 50;
const amountsAt = a4[0] - margin;

export async function renderPayslipPdf(slip: PayslipDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const name = runLabel(slip.period, slip.sequence);
  pdf.setTitle(`Payslip ${name}: ${slip.employeeName}`);
  pdf.setAuthor(slip.organizationName);
  pdf.setProducer('Staged processes');
  pdf.setCreationDate(slip.issuedAt);
  pdf.setModificationDate(slip.issuedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const printable = new Set(regular.getCharacterSet());
  const clean = (text: string) => [...text].map((c) => (printable.has(c.codePointAt(0)!) ? c : '?')).join('');
  const page = pdf.addPage(a4);
  let y = a4[1] - margin;
  const money = (minor: number) => formatMinorUnits(minor, slip.currency);
  const row = (label: string, amount: string | null, options: { size?: number; strong?: boolean; gap?: number } = {}) => {
    const size = options.size ?? 11;
    const font = options.strong ? bold : regular;
    page.drawText(clean(label), { x: margin, y, size, font });
    if (amount !== null) page.drawText(amount, { x: amountsAt - font.widthOfTextAtSize(amount, size), y, size, font });
    y -= options.gap ?? 16;
  };

  row(slip.organizationName, null, { size: 16, strong: true, gap: 24 });
  row(`Payslip for ${name}`, null, { size: 13, strong: true, gap: 20 });
  row(`Employee: ${slip.employeeName}`, null);
  row(slip.sequence === 0 ? `Payable days: ${slip.payableDays} of ${slip.periodDays}` : 'Adjustments paid outside the month’s run', null, {
    gap: 24,
  });
  for (const type of ['earning', 'deduction'] as const) {
    row(type === 'earning' ? 'Earnings' : 'Deductions', null, { strong: true });
    for (const line of slip.lines.filter((l) => l.type === type)) row(`  ${line.name}`, money(line.amountMinor));
    y -= 8;
  }
  page.drawLine({ start: { x: margin, y: y + 10 }, end: { x: amountsAt, y: y + 10 }, thickness: 0.5, color: rgb(0.35, 0.35, 0.35) });
  row('Gross', money(slip.grossMinor));
  row('Deductions', money(slip.deductionsMinor));
  row('Net pay', money(slip.netMinor), { strong: true });
  return pdf.save();
}
