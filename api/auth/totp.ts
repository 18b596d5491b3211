import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { renderSVG } from 'uqr';

const periodSeconds = 30;
const digits = 6;

export function newTotpKey(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

export function totpEnrolment(key: Uint8Array, issuer: string, accountName: string) {
  const otpauthUri = createTOTPKeyURI(issuer, accountName, key, periodSeconds, digits);
  return { secret: encodeBase32UpperCaseNoPadding(key), otpauthUri, qrSvg: renderSVG(otpauthUri) };
}

/**
 * The 30-second step `code` belongs to (the current one, or one either side for clock drift), if it
 * is newer than `lastStep`: a code is accepted once, so a code seen over a shoulder is worthless.
 */
export function acceptedTotpStep(key: Uint8Array, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / periodSeconds);
  for (const step of [current - 1, current, current + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (timingSafeEqual(generateHOTP(key, BigInt(step), digits), code)) return step;
  }
  return null;
}

const timingSafeEqual = (a: string, b: string) =>
  a.length === b.length && [...a].reduce((diff, ch, i) => diff | (ch.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;

export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const text = encodeBase32UpperCaseNoPadding(bytes).slice(0, 10).toLowerCase();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

export const hashRecoveryCode = (code: string): string => encodeHexLowerCase(sha256(new TextEncoder().encode(code.trim().toLowerCase())));
