import { z } from 'zod';
import { interactionKinds } from '../../../db/schema/index.ts';
import { comparableEmail, comparablePhone } from '../../../domain/leads.ts';
import { calendarDate, optionalText } from '../schemas.ts';

/** Made by the page once per form shown, so a double click or a retried post records one row. */
const madeByPage = (what: string) => z.uuid(`must be a ${what} id made by the page`);
const text = (max: number, missing: string) => z.string().trim().min(1, missing).max(max, `at most ${max} characters`);

export const clientTag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'give the tag')
  .max(40, 'at most 40 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &._-]*$/u, 'letters, digits, spaces, &, ., _ and - only, starting with a letter or digit');
export const maxTagsPerClient = 30;

const yesNo = z
  .enum(['true', 'false'], 'must be true or false')
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

const clientFilters = {
  /** Words found in the client's name, a contact's name or e-mail, or a tag. */
  q: z
    .string()
    .trim()
    .max(200, 'at most 200 characters')
    .optional()
    .transform((v) => v || undefined),
  tag: clientTag.optional(),
  openEngagement: yesNo,
  followUpDue: yesNo,
};

export const clientListQuery = z.strictObject({
  ...clientFilters,
  cursor: z.string().max(400, 'is not a cursor of this list').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const clientExportQuery = z.strictObject(clientFilters);
export type ClientFilters = z.infer<typeof clientExportQuery>;

export const clientIdParam = z.object({ id: z.uuid('must be a client id') });
export const contactParams = clientIdParam.extend({ contactId: z.uuid('must be a contact id') });
export const followUpParams = clientIdParam.extend({ followUpId: z.uuid('must be a follow-up id') });
export const tagParams = clientIdParam.extend({ tag: clientTag });

export const noteSchema = z.strictObject({ id: madeByPage('note'), body: text(5000, 'write the note') });

export const interactionSchema = z.strictObject({
  id: madeByPage('interaction'),
  kind: z.enum(interactionKinds, `must be one of ${interactionKinds.join(', ')}`),
  occurredOn: calendarDate,
  outcome: text(500, 'say how it went'),
  note: optionalText(5000),
  contactId: z.uuid('must be one of the client’s contacts').nullish(),
});

export const followUpSchema = z.strictObject({
  id: madeByPage('follow-up'),
  dueOn: calendarDate,
  subject: text(300, 'say what to follow up on'),
  ownerId: z.uuid('must be a person’s id').nullish(),
});

const contactFields = {
  name: text(200, 'give the contact’s name'),
  email: z
    .email('must be an e-mail address')
    .max(320)
    .nullish()
    .transform((v) => comparableEmail(v)),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{5,30}$/, 'must be a phone number')
    .nullish()
    .transform((v) => comparablePhone(v)),
};
export const newContactSchema = z.strictObject({ id: madeByPage('contact'), ...contactFields });
export const contactChangeSchema = z.strictObject(contactFields);

export const tagSchema = z.strictObject({ tag: clientTag });
