import { error } from '@sveltejs/kit';
import { rethrowAsHttpError } from '$lib/server/api';
import { csvFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A report chart's CSV, streamed from the API with the page's filters. */
export const GET: RequestHandler = (event) => {
  // The API knows the charts; this only keeps the path to one segment of plain words.
  if (!/^[a-z-]+$/.test(event.params.chart)) error(404, 'No such report');
  return csvFromApi(event, `/api/engagements/reports/${event.params.chart}.csv`, `${event.params.chart}.csv`, rethrowAsHttpError);
};
