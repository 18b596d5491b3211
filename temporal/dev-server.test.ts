import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { caseSearchAttributes } from './search-attributes.ts';

let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});

afterAll(async () => {
  await connection?.close();
});

test('the dev server registers the case search attributes operators filter by', async () => {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace: 'default',
  });

  const registered = Object.keys(customAttributes ?? {});
  expect(registered).toEqual(expect.arrayContaining(['CaseType', 'CaseStage', 'CaseStatus', 'OrgId', 'DepartmentId']));
  expect(registered).toEqual(expect.arrayContaining(caseSearchAttributes.map((key) => key.name)));
});
