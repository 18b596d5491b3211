import type { Sql } from 'postgres';
import type { ReceivedMail } from '../mail/sink.ts';
import { signInOverHttp, type ApiAnswer, type HttpUser } from './http-user.ts';
import { completeTask, expectStatus, findTask, waitFor, within } from './steps.ts';

// One client engagement's whole journey through the API, as its people and the client drive it:
// capture → qualify → a quote under the approval limit → the client's yes through the e-mailed link
// → onboarding → validation → one department's approval → a work plan of two items → each item
// worked and reviewed → QA pass → the client's acceptance in the portal.

export const engagementPeople = [
  'agent',
  'closer',
  'support-agent',
  'support-manager',
  'manager',
  'lead',
  'employee',
  'colleague',
  'qa',
  'client',
] as const;
type EngagementPerson = (typeof engagementPeople)[number];

/** One organisation's people, signed in over HTTP with their event streams open. */
export interface EngagementTeam {
  people: Record<EngagementPerson, HttpUser>;
  clientEmail: string;
  deliveryDepartmentId: string;
  employeeId: string;
  colleagueId: string;
}

export async function signInEngagementTeam(baseUrl: string, sql: Sql, slug: string, password: string): Promise<EngagementTeam> {
  const people = {} as Record<EngagementPerson, HttpUser>;
  for (const person of engagementPeople) people[person] = await signInOverHttp(baseUrl, `${person}@${slug}.test`, password);
  const idOf = async (person: string) =>
    (await sql<{ id: string }[]>`select id from users where email = ${`${person}@${slug}.test`}`)[0]!.id;
  const [delivery] = await sql<{ id: string }[]>`
    select d.id from departments d join users u on u.org_id = d.org_id
     where u.email = ${`manager@${slug}.test`} and d.name = 'Delivery'`;
  return {
    people,
    clientEmail: `client@${slug}.test`,
    deliveryDepartmentId: delivery!.id,
    employeeId: await idOf('employee'),
    colleagueId: await idOf('colleague'),
  };
}

/** The quote links e-mailed to clients, found by the name the e-mail greets (each engagement's own). */
export function quoteMailbox() {
  const links = new Map<string, string>();
  const waiting = new Map<string, (token: string) => void>();
  return {
    receive(mail: ReceivedMail): void {
      if (mail.subject !== 'Your quote') return;
      const name = /^Hello (.+),$/m.exec(mail.text)?.[1];
      const token = /\/quote\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
      if (!name || !token) return;
      const waiter = waiting.get(name);
      waiting.delete(name);
      if (waiter) waiter(token);
      else links.set(name, token);
    },
    linkFor(contactName: string): Promise<string> {
      const token = links.get(contactName);
      links.delete(contactName);
      return token ? Promise.resolve(token) : new Promise((resolve) => waiting.set(contactName, resolve));
    },
  };
}
export type QuoteMailbox = ReturnType<typeof quoteMailbox>;

/** 10 × 500.00 EUR: below the default approval limit of 10,000.00, so no sales manager is asked. */
const quoteUnderLimit = { lines: [{ description: 'Website', quantityHundredths: 1000, unitPriceMinor: 50_000 }] };

/** The client answering the link from their own address, as the UI server would pass it on. */
async function answerByLink(baseUrl: string, token: string, clientAddress: string): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}/api/public/quotes/${token}/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
    body: JSON.stringify({ accepted: true }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Runs one engagement from capture to the client's acceptance; its id once it shows delivered. */
export async function engagementCycle(
  baseUrl: string,
  team: EngagementTeam,
  mailbox: QuoteMailbox,
  run: { label: string; clientAddress: string },
): Promise<string> {
  const { people } = team;
  const decided = new Set<string>();
  // A decided task may still be listed for a moment: it is never taken for the next one of its kind.
  const taskOf = (who: HttpUser, id: string, kind: string) =>
    waitFor(who, 'tasks', () => findTask(who, id, kind, decided), `${kind} of ${id} in the inbox of ${who.name}`);
  const decide = async (who: HttpUser, id: string, kind: string, values: Record<string, unknown>) => {
    const task = await taskOf(who, id, kind);
    decided.add(task.id);
    await completeTask(who, task.id, values);
  };

  const contactName = `Bench client ${run.label}`;
  const captured = await people.agent.post('/leads', {
    contactName,
    email: team.clientEmail,
    company: `Bench Co ${run.label}`,
    source: 'referral',
    serviceCategory: 'web',
    budgetMinor: 500_000,
  });
  expectStatus(captured, 201, 'POST /api/leads');
  const id: string = captured.body.engagement.id;
  await decide(people.closer, id, 'engagement-qualification', { decision: 'qualify' });
  await taskOf(people.agent, id, 'engagement-quote');
  expectStatus(await people.agent.post(`/engagements/${id}/quote`, quoteUnderLimit), 201, `POST /api/engagements/${id}/quote`);
  const token = await within(mailbox.linkFor(contactName), `the quote e-mailed to ${contactName}`);
  expectStatus(await answerByLink(baseUrl, token, run.clientAddress), 200, `POST /api/public/quotes/…/answer of ${id}`);
  await decide(people['support-agent'], id, 'engagement-onboarding', {
    requirements: 'Five pages',
    departments: [team.deliveryDepartmentId],
  });
  await decide(people['support-manager'], id, 'engagement-validation', { decision: 'validate' });
  await decide(people.manager, id, 'engagement-department-approval', { decision: 'approve' });
  await taskOf(people.lead, id, 'engagement-breakdown');
  const item = (key: string, assigneeId: string) => ({ key, title: `Bench ${key}`, assigneeId, estimateMinutes: 60 });
  expectStatus(
    await people.lead.post(`/engagements/${id}/work-plan`, { items: [item('design', team.employeeId), item('build', team.colleagueId)] }),
    201,
    `POST /api/engagements/${id}/work-plan`,
  );
  // The two items have no dependency: both are worked at once, then reviewed.
  await Promise.all([people.employee, people.colleague].map((worker) => decide(worker, id, 'engagement-work', { note: 'Done' })));
  for (let review = 0; review < 2; review++) await decide(people.lead, id, 'engagement-review', { decision: 'approve' });
  await decide(people.qa, id, 'engagement-qa', { decision: 'pass' });
  // The acceptance task is opened once the client's contact is known: the portal may answer from then on.
  await taskOf(people.agent, id, 'engagement-acceptance');
  expectStatus(
    await people.client.post(`/portal/engagements/${id}/delivery`, { accepted: true }),
    200,
    `POST /api/portal/engagements/${id}/delivery`,
  );
  await waitFor(
    people.agent,
    'tasks',
    async () => {
      const answer = await people.agent.get(`/engagements/${id}`);
      expectStatus(answer, 200, `GET /api/engagements/${id}`);
      return answer.body.engagement.status === 'delivered';
    },
    `${id} to show delivered`,
  );
  return id;
}
