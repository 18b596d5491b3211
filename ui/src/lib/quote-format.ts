// A quote's figures as its PDF prints them (domain/money.ts): one way of writing them everywhere.
export { formatBasisPoints, formatHundredths, formatMinorUnits } from '../../../domain/money';

/** Where staff download a quote version as a PDF (the staff engagement page links it). */
export const quotePdfHref = (engagementId: string, version: number) => `/engagements/${engagementId}/quotes/${version}/pdf`;
