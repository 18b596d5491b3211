import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { inboxFilters } from './schemas.ts';
import { narrowing, visibleAndFiltered, type Viewer } from './inbox-sql.ts';

// A prepared statement is kept per text: the inbox's statements must not change text with the
// length of a list in a filter or of the viewer's roles, or each length would be a form of its own.
const dialect = new PgDialect();
const textOf = (conditions: ReturnType<typeof narrowing>) => dialect.sqlToQuery(sql.join(conditions, sql` and `));
const viewer = (roles: string[]): Viewer => ({ id: 'u', orgId: 'o', roles, departmentId: 'd' });

describe('the inbox statement text', () => {
  it('is one text for a list filter of any length, the values all in one parameter', () => {
    const one = textOf(narrowing(viewer([]), inboxFilters.parse({ caseType: 'leave', priority: 'high' })));
    const three = textOf(narrowing(viewer([]), inboxFilters.parse({ caseType: 'leave,engagement,payroll', priority: 'high,urgent,low' })));
    expect(three.sql).toBe(one.sql);
    expect(three.params).toEqual([
      ['leave', 'engagement', 'payroll'],
      ['high', 'urgent', 'low'],
    ]);
  });

  it('is one text for viewers with one role or several', () => {
    const filters = inboxFilters.parse({});
    const one = dialect.sqlToQuery(visibleAndFiltered(viewer(['manager']), filters));
    const several = dialect.sqlToQuery(visibleAndFiltered(viewer(['manager', 'hr', 'finance']), filters));
    expect(several.sql).toBe(one.sql);
    expect(several.params).toContainEqual(['manager', 'hr', 'finance']);
  });
});
